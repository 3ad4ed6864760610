package dev.ingestrunbooks.drivers;

import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.time.Duration;

/**
 * Guide step A1 as one action, for scenarios whose subject is a later step: create a custom (cluster) parameter
 * group of the right family, set {@code rds.logical_replication = 1}, associate it, reboot and wait.
 */
public final class LogicalReplicationSetup {
    public static final String PARAMETER = "rds.logical_replication";
    private final AwsControlPlane aws;
    private final Duration timeout;

    public LogicalReplicationSetup(AwsControlPlane aws, Duration timeout) {
        this.aws = aws;
        this.timeout = timeout;
    }

    /** RDS: a DB parameter group on the instance. */
    public void enableOnInstance(String instanceId, String group) {
        DBInstance instance = aws.instance(instanceId);
        aws.createDbParameterGroup(group, aws.parameterGroupFamily(instance.engine(), instance.engineVersion()),
                "Materialize: logical replication");
        aws.setDbParameter(group, PARAMETER, "1", ApplyMethod.PENDING_REBOOT);
        aws.associateDbParameterGroup(instanceId, group);
        aws.awaitInstanceStatus(instanceId, "available", timeout);
        aws.rebootInstance(instanceId);
        aws.awaitInstanceStatus(instanceId, "available", timeout);
    }

    /** Aurora: a DB cluster parameter group on the cluster, then a reboot of the writer instance. */
    public void enableOnCluster(String clusterId, String group) {
        DBCluster cluster = aws.cluster(clusterId);
        aws.createDbClusterParameterGroup(group, aws.parameterGroupFamily(cluster.engine(), cluster.engineVersion()),
                "Materialize: logical replication");
        aws.setDbClusterParameter(group, PARAMETER, "1", ApplyMethod.PENDING_REBOOT);
        aws.associateDbClusterParameterGroup(clusterId, group);
        String writer = aws.writerInstance(clusterId);
        aws.awaitInstanceStatus(writer, "available", timeout);
        aws.rebootInstance(writer);
        aws.awaitInstanceStatus(writer, "available", timeout);
    }
}
