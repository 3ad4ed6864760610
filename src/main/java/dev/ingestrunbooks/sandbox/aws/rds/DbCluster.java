package dev.ingestrunbooks.sandbox.aws.rds;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mutable state of one registered Aurora DB cluster. Not thread-safe: only {@link RdsBackend} touches it.
 * Its members are the registered instances whose spec names this cluster.
 */
final class DbCluster {

    final DbClusterSpec spec;
    final String id;
    final Instant createTime = Instant.now();
    final String resourceId = "cluster-" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    String status = DbInstance.AVAILABLE;
    String clusterParameterGroupName;

    DbCluster(String id, DbClusterSpec spec) {
        this.id = id;
        this.spec = spec;
        this.clusterParameterGroupName = spec.family().defaultGroupName();
    }

    DbClusterView view(String region, String account, List<DbInstance> members) {
        List<DbClusterView.Member> m = members.stream()
                .map(i -> new DbClusterView.Member(i.id, i.writer, i.clusterParameterGroupStatus))
                .toList();
        return new DbClusterView(id, spec.engineVersion(), spec.engineMode(), status, clusterParameterGroupName,
                spec.writerAddress(), spec.readerAddress(), spec.port(), spec.masterUsername(), spec.databaseName(),
                "arn:aws:rds:" + region + ":" + account + ":cluster:" + id, resourceId, createTime, m);
    }
}
