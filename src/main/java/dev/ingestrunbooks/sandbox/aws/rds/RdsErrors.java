package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.AwsException;

/**
 * Factories for the RDS errors the emulator returns, with the exact codes and statuses of the RDS model
 * (botocore {@code rds/2014-10-31}) and the messages AWS is known to send ({@code docs/aws.md} §2.1, §2.4).
 * Note the model's inconsistent names: {@code DBInstanceNotFound} but {@code DBClusterNotFoundFault}.
 * See https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html
 */
public final class RdsErrors {

    private RdsErrors() {
    }

    public static DbInstanceNotFound dbInstanceNotFound(String id) {
        return new DbInstanceNotFound("DBInstance " + id + " not found.");
    }

    public static DbClusterNotFound dbClusterNotFound(String id) {
        return new DbClusterNotFound("DBCluster " + id + " not found.");
    }

    /** Also what Describe/ModifyDBClusterParameter(s/Group) return for a missing cluster group, as in AWS. */
    public static DbParameterGroupNotFound dbParameterGroupNotFound(GroupKind kind, String name) {
        return new DbParameterGroupNotFound(kind.shapeName() + " not found: " + name);
    }

    /** ModifyDBCluster naming a cluster parameter group that does not exist. */
    public static DbClusterParameterGroupNotFound dbClusterParameterGroupNotFound(String name) {
        return new DbClusterParameterGroupNotFound("DBClusterParameterGroup not found: " + name);
    }

    public static DbParameterGroupAlreadyExists dbParameterGroupAlreadyExists(String name) {
        return new DbParameterGroupAlreadyExists("Parameter group " + name + " already exists.");
    }

    public static InvalidDbInstanceState invalidDbInstanceState(String id, String status) {
        return new InvalidDbInstanceState("DB instance " + id + " is not in available state (it is " + status
                + "); wait until it is available and retry.");
    }

    public static InvalidDbClusterState invalidDbClusterState(String id, String status) {
        return new InvalidDbClusterState("DB cluster " + id + " is not in available state (it is " + status + ").");
    }

    /**
     * DeleteDB(Cluster)ParameterGroup on a group a database still uses. The DB text is AWS's as Terraform users quote
     * it (terraform-aws-modules/terraform-aws-rds-aurora#466, hashicorp/terraform-provider-aws#6448); the cluster
     * text is written by analogy (no public quote found).
     */
    public static InvalidDbParameterGroupState parameterGroupInUse(GroupKind kind, String name) {
        return new InvalidDbParameterGroupState(kind == GroupKind.DB
                ? "One or more database instances are still members of this parameter group " + name
                        + ", so the group cannot be deleted"
                : "One or more database clusters are still members of this parameter group " + name
                        + ", so the group cannot be deleted");
    }

    /** DeleteDB(Cluster)ParameterGroup on {@code default.<family>} (AWS's text, e.g. cloud-nuke#717). */
    public static InvalidDbParameterGroupState defaultGroupUndeletable(GroupKind kind, String name) {
        return new InvalidDbParameterGroupState("Default " + kind.shapeName() + " cannot be deleted: " + name);
    }

    /** {@code ApplyMethod=immediate} on a static parameter; AWS rejects the whole batch. */
    public static AwsException immediateOnStaticParameter() {
        return AwsErrors.invalidParameterCombination("cannot use immediate apply method for static parameter");
    }

    public static AwsException unknownParameter(String name) {
        return AwsErrors.invalidParameterValue("Could not find parameter with name: " + name);
    }

    public static AwsException defaultGroupReadOnly() {
        return AwsErrors.invalidParameterValue("Cannot modify a default parameter group.");
    }

    /** Associating a group of another family or of the other kind (DB vs DB cluster parameter group). */
    public static AwsException incompatibleGroup(String message) {
        return AwsErrors.invalidParameterCombination(message);
    }

    /** 404 {@code DBInstanceNotFound}. */
    public static final class DbInstanceNotFound extends AwsException {
        DbInstanceNotFound(String message) {
            super("DBInstanceNotFound", 404, message);
        }
    }

    /** 404 {@code DBClusterNotFoundFault}. */
    public static final class DbClusterNotFound extends AwsException {
        DbClusterNotFound(String message) {
            super("DBClusterNotFoundFault", 404, message);
        }
    }

    /** 404 {@code DBParameterGroupNotFound}. */
    public static final class DbParameterGroupNotFound extends AwsException {
        DbParameterGroupNotFound(String message) {
            super("DBParameterGroupNotFound", 404, message);
        }
    }

    /** 404 {@code DBClusterParameterGroupNotFound}. */
    public static final class DbClusterParameterGroupNotFound extends AwsException {
        DbClusterParameterGroupNotFound(String message) {
            super("DBClusterParameterGroupNotFound", 404, message);
        }
    }

    /** 400 {@code DBParameterGroupAlreadyExists} (both kinds of group). */
    public static final class DbParameterGroupAlreadyExists extends AwsException {
        DbParameterGroupAlreadyExists(String message) {
            super("DBParameterGroupAlreadyExists", 400, message);
        }
    }

    /** 400 {@code InvalidDBParameterGroupState} (both kinds of group). */
    public static final class InvalidDbParameterGroupState extends AwsException {
        InvalidDbParameterGroupState(String message) {
            super("InvalidDBParameterGroupState", 400, message);
        }
    }

    /** 400 {@code InvalidDBInstanceState}. */
    public static final class InvalidDbInstanceState extends AwsException {
        InvalidDbInstanceState(String message) {
            super("InvalidDBInstanceState", 400, message);
        }
    }

    /** 400 {@code InvalidDBClusterStateFault}. */
    public static final class InvalidDbClusterState extends AwsException {
        InvalidDbClusterState(String message) {
            super("InvalidDBClusterStateFault", 400, message);
        }
    }
}
