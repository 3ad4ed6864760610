package dev.ingestrunbooks.sandbox.rds;

import java.util.Map;

/**
 * The database server behind one emulated RDS/Aurora DB instance, as the AWS control-plane emulator sees it.
 *
 * <p>The control plane owns parameter groups; the engine owns the PostgreSQL process. On {@code RebootDBInstance}
 * the control plane hands the engine the instance's effective parameters (its DB parameter group, and for an
 * Aurora member also its DB cluster parameter group, names as in AWS such as {@code rds.logical_replication})
 * and the engine restarts PostgreSQL with the server settings those parameters imply, keeping its data.
 */
public interface DbEngine {

    /**
     * Restarts the server with the given effective parameters applied; blocks until it accepts connections again.
     *
     * @param parameters effective parameter values by AWS parameter name (values as AWS stores them, e.g. {@code "1"})
     */
    void reboot(Map<String, String> parameters);

    /**
     * Applies a dynamic parameter change at once, without a restart, as RDS applies {@code ApplyMethod=immediate}
     * (e.g. {@code rds.force_ssl}: the server reloads its configuration). Static parameters in the map are ignored
     * until the next {@link #reboot}. Default: nothing to apply.
     *
     * @param parameters the effective parameters after the change, as for {@link #reboot}
     */
    default void applyDynamic(Map<String, String> parameters) {
    }
}
