package dev.ingestrunbooks.sandbox.rds;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps an instance's effective AWS parameters to PostgreSQL server settings, as RDS does for the static
 * parameter {@code rds.logical_replication}: {@code 1} → {@code wal_level=logical}, otherwise {@code replica}.
 * The setting itself is passed on as the placeholder GUC {@code rds.logical_replication} ({@code on/off}).
 * {@code rds.force_ssl} is honoured through pg_hba.conf only ({@link RdsHba}), not as a GUC: a command-line setting
 * would shadow a reload, so {@code SHOW rds.force_ssl} is not available (a limit). Every server serves TLS with the
 * sandbox certificate ({@link SandboxTls}), as RDS always accepts TLS.
 */
final class RdsParameters {

    static final String LOGICAL_REPLICATION = "rds.logical_replication";
    static final String FORCE_SSL = "rds.force_ssl";
    private static final Set<String> TRUE_VALUES = Set.of("1", "on", "true", "yes");

    private RdsParameters() {
    }

    static boolean logicalReplication(Map<String, String> parameters) {
        String value = parameters.get(LOGICAL_REPLICATION);
        return value != null && TRUE_VALUES.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Whether plain-text clients are refused: {@code rds.force_ssl} is a dynamic parameter, applied by rewriting
     * {@code pg_hba.conf} ({@link RdsHba}) and reloading. Absent means 0: the control plane passes it only when a
     * user set it (see {@code docs/aws.md} for why the PostgreSQL 15+ default of 1 is shown but not enforced).
     */
    static boolean forceSsl(Map<String, String> parameters) {
        String value = parameters.get(FORCE_SSL);
        return value != null && TRUE_VALUES.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** Settings of a writable instance (RDS instance, Aurora writer). */
    static Map<String, String> primarySettings(Map<String, String> parameters) {
        boolean logical = logicalReplication(parameters);
        Map<String, String> settings = new java.util.HashMap<>(SandboxTls.get().serverSettings());
        settings.putAll(Map.of("wal_level", logical ? "logical" : "replica", LOGICAL_REPLICATION, logical ? "on" : "off"));
        return Map.copyOf(settings);
    }

    /**
     * Settings of an Aurora reader: it shows the cluster's {@code rds.logical_replication} but keeps its own
     * {@code wal_level=replica}, so logical decoding on it fails as on Aurora (PostgreSQL 16 standbys could
     * otherwise decode). It retries its primary connection quickly so a writer reboot is a short gap.
     */
    static Map<String, String> readerSettings(Map<String, String> parameters) {
        Map<String, String> settings = new java.util.HashMap<>(SandboxTls.get().serverSettings());
        settings.putAll(Map.of("wal_level", "replica", LOGICAL_REPLICATION, logicalReplication(parameters) ? "on" : "off",
                "hot_standby", "on", "wal_retrieve_retry_interval", "200ms"));
        return Map.copyOf(settings);
    }
}
