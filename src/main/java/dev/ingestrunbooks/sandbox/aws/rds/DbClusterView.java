package dev.ingestrunbooks.sandbox.aws.rds;

import java.time.Instant;
import java.util.List;

/** An immutable snapshot of one Aurora DB cluster, as DescribeDBClusters shows it. */
public record DbClusterView(String id, String engineVersion, String engineMode, String status,
        String clusterParameterGroupName, String writerEndpoint, String readerEndpoint, int port,
        String masterUsername, String databaseName, String arn, String resourceId, Instant createTime,
        List<Member> members) {

    /** One {@code DBClusterMember}. */
    public record Member(String instanceId, boolean writer, String clusterParameterGroupStatus) {
    }

    public String engine() {
        return ParameterFamily.AURORA_POSTGRESQL;
    }
}
