package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.List;

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

    /**
     * DeleteSecurityGroup on a group something still uses (an instance's network interface, another group's rule).
     * AWS's text, as the AWS CLI and Terraform print it (e.g. terraform-aws-modules/terraform-aws-security-group#190,
     * gruntwork-io/cloud-nuke#726): it never names the dependent object.
     */
    public static Ec2Error groupDependencyViolation(String id) {
        return new Ec2Error("DependencyViolation", "resource " + id + " has a dependent object");
    }

    /** DeleteSecurityGroup on a VPC's {@code default} group. */
    public static Ec2Error cannotDeleteDefaultGroup(String id) {
        return new Ec2Error("CannotDelete", "the specified group: \"" + id + "\" name: \"default\" cannot be deleted"
                + " by a user");
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

    public static Ec2Error invalidParameter(String message) {
        return new Ec2Error("InvalidParameter", message);
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

    public static Ec2Error keyPairNotFound(String nameOrId) {
        return new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + nameOrId + "' does not exist");
    }

    public static Ec2Error keyPairDuplicate(String name) {
        return new Ec2Error("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
    }

    public static Ec2Error keyFormat() {
        return new Ec2Error("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
    }

    /** {@code The instance ID 'i-1' does not exist}, or {@code The instance IDs 'i-1, i-2' do not exist}. */
    public static Ec2Error instanceNotFound(List<String> ids) {
        return new Ec2Error("InvalidInstanceID.NotFound", ids.size() == 1
                ? "The instance ID '" + ids.get(0) + "' does not exist"
                : "The instance IDs '" + String.join(", ", ids) + "' do not exist");
    }

    public static Ec2Error instanceMalformed(String id) {
        return new Ec2Error("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
    }

    /** An operation that needs a running instance, e.g. AssociateAddress on a pending one. */
    public static Ec2Error instanceNotInValidState(String id, InstanceState state) {
        return new Ec2Error("InvalidInstanceID", "The " + state.wireName() + " instance '" + id
                + "' is not in a valid state for this operation.");
    }

    public static Ec2Error amiMalformed(String id) {
        return new Ec2Error("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
    }

    public static Ec2Error instanceLimitExceeded(int requested, int limit) {
        return new Ec2Error("InstanceLimitExceeded", "You have requested more instances (" + requested
                + ") than your current instance limit of " + limit + " allows for the specified instance type.");
    }

    public static Ec2Error subnetFull(String subnetId) {
        return new Ec2Error("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '"
                + subnetId + "' to satisfy the requested number of instances.");
    }

    public static Ec2Error networkInterfaceNotFound(String id) {
        return new Ec2Error("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id
                + "' does not exist");
    }

    public static Ec2Error allocationNotFound(String id) {
        return new Ec2Error("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
    }

    public static Ec2Error associationNotFound(String id) {
        return new Ec2Error("InvalidAssociationID.NotFound", "The association ID '" + id + "' does not exist");
    }

    public static Ec2Error addressNotFound(String publicIp) {
        return new Ec2Error("InvalidAddress.NotFound", "Address '" + publicIp + "' not found.");
    }

    public static Ec2Error addressInUse(String publicIp) {
        return new Ec2Error("InvalidIPAddress.InUse", "Address " + publicIp + " is in use.");
    }

    public static Ec2Error alreadyAssociated(String allocationId, String associationId) {
        return new Ec2Error("Resource.AlreadyAssociated", "resource " + allocationId
                + " is already associated with associate-id " + associationId);
    }

    public static Ec2Error addressLimitExceeded() {
        return new Ec2Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
    }

    public static Ec2Error endpointServiceNotFound(String serviceId) {
        return new Ec2Error("InvalidVpcEndpointServiceId.NotFound", "The VpcEndpointService Id '" + serviceId
                + "' does not exist");
    }

    /** What a consumer gets for a service it may not see, as for one that does not exist. */
    public static Ec2Error serviceNameNotFound(String serviceName) {
        return new Ec2Error("InvalidServiceName", "The Vpc Endpoint Service '" + serviceName + "' does not exist");
    }

    public static Ec2Error invalidPrincipal(String principal) {
        return new Ec2Error("InvalidPrincipal", "Invalid Principal: '" + principal + "'");
    }

    /** An NLB ARN that is well formed but names no load balancer. */
    public static Ec2Error loadBalancerNotFound(String arn) {
        return new Ec2Error("InvalidParameter", "Load balancer " + arn + " does not exist.");
    }

    /** A filter name the action does not know. */
    public static Ec2Error invalidFilter(String name) {
        return new Ec2Error("InvalidParameterValue", "The filter '" + name + "' is invalid");
    }

    /** One EC2 error code; client errors are HTTP 400. */
    public static final class Ec2Error extends AwsException {
        private static final long serialVersionUID = 1L;

        Ec2Error(String code, String message) {
            super(code, 400, message);
        }
    }
}
