package dev.ingestrunbooks.sandbox.rds;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps an instance's effective AWS parameters to PostgreSQL server settings, as RDS does for the static
 * parameter {@code rds.logical_replication}: {@code 1} → {@code wal_level=logical}, otherwise {@code replica}.
 * The setting itself is passed on as the placeholder GUC {@code rds.logical_replication} ({@code on/off}).
 */
final class RdsParameters {

    static final String LOGICAL_REPLICATION = "rds.logical_replication";
    private static final Set<String> TRUE_VALUES = Set.of("1", "on", "true", "yes");

    private RdsParameters() {
    }

    static boolean logicalReplication(Map<String, String> parameters) {
        String value = parameters.get(LOGICAL_REPLICATION);
        return value != null && TRUE_VALUES.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** Settings of a writable instance (RDS instance, Aurora writer). */
    static Map<String, String> primarySettings(Map<String, String> parameters) {
        boolean logical = logicalReplication(parameters);
        return Map.of("wal_level", logical ? "logical" : "replica", LOGICAL_REPLICATION, logical ? "on" : "off");
    }

    /**
     * Settings of an Aurora reader: it shows the cluster's {@code rds.logical_replication} but keeps its own
     * {@code wal_level=replica}, so logical decoding on it fails as on Aurora (PostgreSQL 16 standbys could
     * otherwise decode). It retries its primary connection quickly so a writer reboot is a short gap.
     */
    static Map<String, String> readerSettings(Map<String, String> parameters) {
        return Map.of("wal_level", "replica", LOGICAL_REPLICATION, logicalReplication(parameters) ? "on" : "off",
                "hot_standby", "on", "wal_retrieve_retry_interval", "200ms");
    }
}
