package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.BackgroundWork;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timed and background halves of RDS's state changes. Each background step takes the backend's lock and
 * changes a status only if it is still the one the step expects, so overlapping operations cannot resurrect a
 * stale status.
 */
final class StatusTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTransitions.class);
    static final String MODIFYING = "modifying";
    static final String INCOMPATIBLE_PARAMETERS = "incompatible-parameters";

    private StatusTransitions() {
    }

    /** {@code modifying} for {@code delay}, then {@code available}. Caller holds the lock. */
    static void modifying(RdsBackend backend, DbInstance i, Duration delay, BackgroundWork work) {
        i.status = MODIFYING;
        work.after(delay, () -> {
            synchronized (backend) {
                if (MODIFYING.equals(i.status)) {
                    i.status = DbInstance.AVAILABLE;
                }
            }
        });
    }

    /** The cluster is {@code modifying} for {@code delay}, then {@code available}. Caller holds the lock. */
    static void clusterModifying(RdsBackend backend, DbCluster c, Duration delay, BackgroundWork work) {
        c.status = MODIFYING;
        work.after(delay, () -> {
            synchronized (backend) {
                if (MODIFYING.equals(c.status)) {
                    c.status = DbInstance.AVAILABLE;
                }
            }
        });
    }

    /**
     * A dynamic change applied immediately: an {@code in-sync} group goes {@code applying} then {@code in-sync};
     * a group already {@code pending-reboot} stays so. Caller holds the lock.
     */
    static void applyDynamic(RdsBackend backend, DbInstance i, GroupKind kind, Duration delay, BackgroundWork work) {
        boolean db = kind == GroupKind.DB;
        String current = db ? i.parameterApplyStatus : i.clusterParameterGroupStatus;
        if (!DbInstance.IN_SYNC.equals(current) && !DbInstance.APPLYING.equals(current)) {
            return;
        }
        set(i, db, DbInstance.APPLYING);
        work.after(delay, () -> {
            synchronized (backend) {
                if (DbInstance.APPLYING.equals(db ? i.parameterApplyStatus : i.clusterParameterGroupStatus)) {
                    set(i, db, DbInstance.IN_SYNC);
                }
            }
        });
    }

    private static void set(DbInstance i, boolean db, String status) {
        if (db) {
            i.parameterApplyStatus = status;
        } else {
            i.clusterParameterGroupStatus = status;
        }
    }

    /**
     * Runs on a reboot thread, without the lock while the engine restarts. Changes made during the reboot
     * ({@code pendingSeq} moved on) stay {@code pending-reboot}.
     */
    static void reboot(RdsBackend backend, DbInstance i, Map<String, String> parameters, long seq) {
        try {
            i.spec.dbEngine().reboot(parameters);
        } catch (RuntimeException e) {
            LOG.error("engine of {} failed to restart with its parameters; status incompatible-parameters", i.id, e);
            synchronized (backend) {
                if (backend.isRegistered(i)) {
                    i.status = INCOMPATIBLE_PARAMETERS;
                }
            }
            return;
        }
        synchronized (backend) {
            if (!backend.isRegistered(i)) {
                return;
            }
            i.status = DbInstance.AVAILABLE;
            if (i.pendingSeq == seq) {
                i.parameterApplyStatus = DbInstance.IN_SYNC;
                i.clusterParameterGroupStatus = DbInstance.IN_SYNC;
            }
        }
        LOG.info("{} rebooted; available", i.id);
    }
}
