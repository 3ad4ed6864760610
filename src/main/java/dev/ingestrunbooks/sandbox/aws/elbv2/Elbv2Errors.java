package dev.ingestrunbooks.sandbox.aws.elbv2;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.List;

/**
 * Factories for the ELBv2 errors the emulator returns: the error codes of the ELBv2 model (API version 2015-12-01,
 * every one answered with HTTP 400, so the SDK never retries them) and, where AWS's text is known, AWS's message
 * (docs/aws.md §4). Messages marked "sandbox wording" are the emulator's own.
 * See https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html
 */
public final class Elbv2Errors {

    private Elbv2Errors() {
    }

    public static Elbv2Error validation(String message) {
        return new Elbv2Error("ValidationError", message);
    }

    /** A member outside its modeled range, worded like AWS's request validation. */
    public static Elbv2Error outOfRange(String member, Object value, int min, int max) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
    }

    public static Elbv2Error targetGroupNotFound() {
        return new Elbv2Error("TargetGroupNotFound", "One or more target groups not found");
    }

    /** By name, as DescribeLoadBalancers answers {@code Names}. */
    public static Elbv2Error loadBalancersNotFound(List<String> namesOrArns) {
        return new Elbv2Error("LoadBalancerNotFound", "Load balancers '" + namesOrArns + "' not found");
    }

    public static Elbv2Error loadBalancerNotFound(String arn) {
        return new Elbv2Error("LoadBalancerNotFound", "Load balancer '" + arn + "' not found");
    }

    public static Elbv2Error listenerNotFound() {
        return new Elbv2Error("ListenerNotFound", "One or more listeners not found");
    }

    public static Elbv2Error duplicateTargetGroupName(String name) {
        return new Elbv2Error("DuplicateTargetGroupName", "A target group with the same name '" + name
                + "' exists, but with different settings");
    }

    public static Elbv2Error duplicateLoadBalancerName(String name) {
        return new Elbv2Error("DuplicateLoadBalancerName", "A load balancer with the same name '" + name
                + "' exists, but with different settings");
    }

    public static Elbv2Error duplicateListener(String loadBalancerArn, int port) {
        return new Elbv2Error("DuplicateListener", "A listener already exists on port " + port
                + " of load balancer '" + loadBalancerArn + "' with different settings");
    }

    public static Elbv2Error subnetNotFound(String subnetId) {
        return new Elbv2Error("SubnetNotFound", "The subnet ID '" + subnetId + "' is not valid");
    }

    public static Elbv2Error invalidTarget(String message) {
        return new Elbv2Error("InvalidTarget", message);
    }

    public static Elbv2Error invalidConfiguration(String message) {
        return new Elbv2Error("InvalidConfigurationRequest", message);
    }

    public static Elbv2Error incompatibleProtocols(String message) {
        return new Elbv2Error("IncompatibleProtocols", message);
    }

    public static Elbv2Error unsupportedProtocol(String protocol) {
        return new Elbv2Error("UnsupportedProtocol", "Protocol '" + protocol
                + "' is not supported by network load balancers in this sandbox (TCP only)"); // sandbox wording
    }

    public static Elbv2Error targetGroupAssociationLimit(String targetGroupArn) {
        return new Elbv2Error("TargetGroupAssociationLimit", "The following target groups cannot be associated with "
                + "more than one load balancer: " + targetGroupArn);
    }

    public static Elbv2Error resourceInUse(String targetGroupArn) {
        return new Elbv2Error("ResourceInUse", "Target group '" + targetGroupArn
                + "' is currently in use by a listener or a rule");
    }

    public static Elbv2Error invalidSecurityGroup(String groupId) {
        return new Elbv2Error("InvalidSecurityGroup", "Security group '" + groupId + "' does not exist");
    }

    /** An ELBv2 client error: always HTTP 400 (the model marks every ELBv2 error as a 400 sender fault). */
    public static final class Elbv2Error extends AwsException {
        Elbv2Error(String code, String message) {
            super(code, 400, message);
        }
    }
}
