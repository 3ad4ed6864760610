package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.AwsException;

/**
 * Factories for the EC2 errors the emulator returns, with AWS's codes and messages (docs/aws.md §3). EC2 answers
 * client errors with HTTP 400.
 */
public final class Ec2Errors {

    private Ec2Errors() {
    }

    public static Ec2Error groupNotFound(String id) {
        return new Ec2Error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
    }

    public static Ec2Error groupNameNotFound(String name, String vpcId) {
        return new Ec2Error("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in VPC '"
                + vpcId + "'");
    }

    public static Ec2Error groupDuplicate(String name, String vpcId) {
        return new Ec2Error("InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '"
                + vpcId + "'");
    }

    /** The rule as AWS prints it: {@code peer: 203.0.113.10/32, TCP, from port: 5432, to port: 5432, ALLOW}. */
    public static Ec2Error permissionDuplicate(IngressRule rule) {
        return new Ec2Error("InvalidPermission.Duplicate", "the specified rule \"" + rule.describe()
                + "\" already exists");
    }

    public static Ec2Error permissionNotFound() {
        return new Ec2Error("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
    }

    public static Ec2Error samePermissionTwice() {
        return new Ec2Error("InvalidParameterValue", "The same permission must not appear multiple times");
    }

    public static Ec2Error invalidParameterValue(String message) {
        return new Ec2Error("InvalidParameterValue", message);
    }

    public static Ec2Error missingParameter(String message) {
        return new Ec2Error("MissingParameter", message);
    }

    public static Ec2Error vpcNotFound(String id) {
        return new Ec2Error("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
    }

    public static Ec2Error subnetNotFound(String id) {
        return new Ec2Error("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
    }

    /** One EC2 error code; client errors are HTTP 400. */
    public static final class Ec2Error extends AwsException {
        private static final long serialVersionUID = 1L;

        Ec2Error(String code, String message) {
            super(code, 400, message);
        }
    }
}
