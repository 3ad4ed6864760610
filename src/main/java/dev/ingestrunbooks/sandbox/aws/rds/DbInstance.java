package dev.ingestrunbooks.sandbox.aws.rds;

import java.time.Instant;
import java.util.UUID;

/**
 * The mutable state of one registered DB instance. Not thread-safe: only {@link RdsBackend} touches it,
 * under its lock; the outside world sees {@link DbInstanceView} snapshots.
 */
final class DbInstance {

    static final String AVAILABLE = "available";
    static final String IN_SYNC = "in-sync";
    static final String PENDING_REBOOT = "pending-reboot";
    static final String APPLYING = "applying";

    final DbInstanceSpec spec;
    final String id;
    /** The endpoint address, which the sandbox can move (as AWS may, without notice). */
    String address;
    final Instant createTime = Instant.now();
    final String resourceId = "db-" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    String status = AVAILABLE;
    String parameterGroupName;
    String parameterApplyStatus = IN_SYNC;
    /** For an Aurora member: DBClusterMember.DBClusterParameterGroupStatus. */
    String clusterParameterGroupStatus = IN_SYNC;
    boolean writer;
    /** Bumped by every change that waits for a reboot, so a reboot only clears what it really applied. */
    long pendingSeq;

    DbInstance(String id, DbInstanceSpec spec, boolean writer) {
        this.id = id;
        this.spec = spec;
        this.address = spec.address();
        this.writer = writer;
        this.parameterGroupName = spec.family().defaultGroupName();
    }

    boolean aurora() {
        return spec.clusterId() != null;
    }

    void markPendingReboot() {
        parameterApplyStatus = PENDING_REBOOT;
        pendingSeq++;
    }

    void markClusterGroupPendingReboot() {
        clusterParameterGroupStatus = PENDING_REBOOT;
        pendingSeq++;
    }

    DbInstanceView view(String region, String account) {
        return new DbInstanceView(id, spec.engine(), spec.engineVersion(), status, address, spec.port(),
                spec.masterUsername(), spec.dbName(), aurora() ? RdsBackend.key(spec.clusterId()) : null,
                parameterGroupName, parameterApplyStatus, "arn:aws:rds:" + region + ":" + account + ":db:" + id,
                resourceId, createTime, writer, spec.vpcSecurityGroupIds());
    }
}
