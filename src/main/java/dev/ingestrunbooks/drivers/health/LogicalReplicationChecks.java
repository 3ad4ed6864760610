package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.postgres.PgQuote;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.fail;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.pass;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.warn;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * Step A1 (enable logical replication) and the server settings replication depends on: the parameter group says
 * {@code rds.logical_replication = 1} and is applied, the server really runs with {@code wal_level = logical}, there
 * is room for one more slot and WAL sender, slots cannot retain WAL without limit, no timeout kills the replication
 * user's snapshot, and (Aurora) the engine is one that can replicate.
 */
final class LogicalReplicationChecks {

    private LogicalReplicationChecks() {
    }

    static List<HealthCheck> all() {
        return List.of(parameterGroup(), walLevel(), replicationCapacity(), slotWalLimit(), replicationUserTimeouts(),
                walSenderTimeout(), auroraEngine());
    }

    /** The instance's (Aurora: the cluster's) parameter group turns logical replication on, and it is applied. */
    static Check parameterGroup() {
        return Check.define("A1.parameter-group", GuideStep.A1,
                        "the parameter group sets rds.logical_replication = 1 and is in-sync")
                .severity(Severity.CRITICAL)
                .risk("without it the server runs with wal_level = replica after its next reboot, and every source"
                        + " stops with 'wal_level >= logical'")
                .remediation("set rds.logical_replication = 1 in a custom parameter group (Aurora: DB cluster"
                        + " parameter group), associate it, and reboot (Aurora: the writer) so that it is in-sync")
                .rule(probe -> probe.setup().kind() == SetupSpec.Kind.RDS ? rdsParameterGroup(probe)
                        : auroraParameterGroup(probe));
    }

    private static HealthCheck.Verdict rdsParameterGroup(SetupProbe probe) {
        String id = probe.setup().awsId();
        DBInstance instance = probe.aws().instance(id);
        if (instance.dbParameterGroups().isEmpty()) {
            return fail("DB instance " + id + " has no DB parameter group");
        }
        DBParameterGroupStatus group = instance.dbParameterGroups().get(0);
        Optional<Parameter> parameter = probe.aws().dbParameter(group.dbParameterGroupName(),
                "rds.logical_replication");
        return judgeGroup("DB parameter group " + group.dbParameterGroupName() + " of DB instance " + id,
                parameter, group.parameterApplyStatus());
    }

    private static HealthCheck.Verdict auroraParameterGroup(SetupProbe probe) {
        String id = probe.setup().awsId();
        DBCluster cluster = probe.aws().cluster(id);
        String group = cluster.dbClusterParameterGroup();
        String status = cluster.dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter)
                .map(DBClusterMember::dbClusterParameterGroupStatus).findFirst().orElse("no writer");
        return judgeGroup("DB cluster parameter group " + group + " of DB cluster " + id,
                probe.aws().dbClusterParameter(group, "rds.logical_replication"), status);
    }

    private static HealthCheck.Verdict judgeGroup(String what, Optional<Parameter> parameter, String applyStatus) {
        String value = parameter.map(Parameter::parameterValue).orElse(null);
        if (!"1".equals(value)) {
            return fail(what + " has rds.logical_replication = " + (value == null ? "its default (0)" : value)
                    + ", not 1");
        }
        if (!"in-sync".equals(applyStatus)) {
            return fail(what + " sets rds.logical_replication = 1 but is " + applyStatus
                    + ", not in-sync: the change waits for a reboot");
        }
        return pass(what + " sets rds.logical_replication = 1 and is in-sync");
    }

    /** The server itself says {@code wal_level = logical} (a group can be right while the server still is not). */
    static Check walLevel() {
        return Check.define("A1.wal-level", GuideStep.A1, "the server runs with wal_level = logical")
                .severity(Severity.CRITICAL)
                .risk("no logical decoding: sources cannot start, and running ones fail")
                .remediation("set rds.logical_replication = 1 in the parameter group and reboot")
                .rule(probe -> {
                    String level = setting(probe, "wal_level").orElse("unknown");
                    return "logical".equals(level) ? pass("the server runs with wal_level = logical")
                            : fail("the server runs with wal_level = " + level + ", not logical");
                });
    }

    /** At least one replication slot and one WAL sender are free, for the source's next snapshot or restart. */
    static Check replicationCapacity() {
        return Check.define("A1.replication-capacity", GuideStep.A1,
                        "max_replication_slots and max_wal_senders leave room for another slot and sender")
                .risk("a source re-creation or a new subsource needs a free slot and WAL sender (Materialize uses a"
                        + " temporary slot for each snapshot); without one it fails with 'insufficient number of"
                        + " replication slots'")
                .remediation("raise max_replication_slots and max_wal_senders in the parameter group, or drop slots"
                        + " nothing uses")
                .rule(probe -> {
                    ResultTable t = probe.upstream("SELECT"
                            + " (SELECT setting FROM pg_settings WHERE name = 'max_replication_slots') AS max_slots,"
                            + " (SELECT count(*) FROM pg_replication_slots) AS slots,"
                            + " (SELECT setting FROM pg_settings WHERE name = 'max_wal_senders') AS max_senders,"
                            + " (SELECT count(*) FROM pg_stat_replication) AS senders");
                    long freeSlots = Long.parseLong(t.single("max_slots")) - Long.parseLong(t.single("slots"));
                    long freeSenders = Long.parseLong(t.single("max_senders")) - Long.parseLong(t.single("senders"));
                    String counts = "max_replication_slots " + t.single("max_slots") + " with " + t.single("slots")
                            + " in use, max_wal_senders " + t.single("max_senders") + " with " + t.single("senders")
                            + " in use";
                    return freeSlots >= 1 && freeSenders >= 1 ? pass(counts) : fail(counts + ": no room for another");
                });
    }

    /** {@code max_slot_wal_keep_size} limits what a stuck slot can retain; unlimited (-1) is a warning. */
    static Check slotWalLimit() {
        return Check.define("A1.slot-wal-limit", GuideStep.CONSIDERATIONS,
                        "max_slot_wal_keep_size limits the WAL a replication slot can retain")
                .severity(Severity.MINOR).category(Category.RISK)
                .risk("with no limit (-1), an inactive or lagging slot retains WAL until the disk fills and the"
                        + " database stops")
                .remediation("set max_slot_wal_keep_size in the parameter group to what the disk can spare; a slot"
                        + " past it is invalidated (wal_status lost) and its source must be re-created")
                .rule(probe -> {
                    Optional<String> size = setting(probe, "max_slot_wal_keep_size");
                    if (size.isEmpty()) {
                        return warn("this PostgreSQL has no max_slot_wal_keep_size (before 13): nothing limits the"
                                + " WAL a slot retains");
                    }
                    return "-1".equals(size.get()) ? warn("max_slot_wal_keep_size is -1: a slot may retain WAL"
                            + " without limit") : pass("max_slot_wal_keep_size is " + size.get() + " MB");
                });
    }

    /**
     * No {@code statement_timeout} or {@code idle_in_transaction_session_timeout} applies to the replication user
     * (set on the role, the database, or the server): either can kill the long transaction of a source's snapshot.
     */
    static Check replicationUserTimeouts() {
        return Check.define("A2.replication-user-timeouts", GuideStep.A2,
                        "no statement or idle-in-transaction timeout applies to the replication user")
                .risk("a timeout ends the snapshot's long-running transaction, and the source never finishes its"
                        + " initial snapshot")
                .remediation("ALTER ROLE <replication user> SET statement_timeout = 0 (and"
                        + " idle_in_transaction_session_timeout = 0), or remove the setting from the database or"
                        + " parameter group")
                .rule(probe -> {
                    String user = probe.setup().names().replicationUser();
                    ResultTable roleSettings = probe.upstream("SELECT CASE WHEN s.setrole = 0 THEN 'database '"
                            + " || d.datname WHEN s.setdatabase = 0 THEN 'role ' || r.rolname ELSE 'role ' ||"
                            + " r.rolname || ' in database ' || d.datname END AS scope, c.setting"
                            + " FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole"
                            + " LEFT JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) AS c(setting)"
                            + " WHERE (r.rolname = " + PgQuote.literal(user) + " OR s.setrole = 0)"
                            + " AND (s.setdatabase = 0 OR d.datname = current_database())"
                            + " AND (c.setting LIKE 'statement\\_timeout=%' OR c.setting LIKE"
                            + " 'idle\\_in\\_transaction\\_session\\_timeout=%')");
                    List<String> found = new ArrayList<>();
                    for (List<String> row : roleSettings.rows()) {
                        if (!row.get(1).endsWith("=0")) {
                            found.add(row.get(1) + " (" + row.get(0) + ")");
                        }
                    }
                    ResultTable server = probe.upstream("SELECT name, setting FROM pg_settings WHERE name IN"
                            + " ('statement_timeout', 'idle_in_transaction_session_timeout') AND source IN"
                            + " ('configuration file', 'command line', 'environment variable') AND setting <> '0'");
                    server.rows().forEach(row -> found.add(row.get(0) + "=" + row.get(1) + " (server)"));
                    return found.isEmpty() ? pass("no timeout applies to replication user " + user)
                            : fail("timeouts apply to replication user " + user + ": " + String.join(", ", found));
                });
    }

    /** {@code wal_sender_timeout} is 0 (none) or at least the threshold (default 60 s). */
    static Check walSenderTimeout() {
        return Check.define("A1.wal-sender-timeout", GuideStep.A1, "wal_sender_timeout is at least 60 s (or off)")
                .severity(Severity.MINOR).category(Category.RISK)
                .risk("a short timeout drops the replication connection whenever Materialize is slow to answer, and"
                        + " the source keeps restarting")
                .remediation("set wal_sender_timeout to 60000 ms or more in the parameter group")
                .rule(probe -> {
                    long minimum = probe.setup().thresholds().walSenderTimeoutMs();
                    long ms = Long.parseLong(setting(probe, "wal_sender_timeout").orElse("60000"));
                    return ms == 0 || ms >= minimum ? pass("wal_sender_timeout is " + ms + " ms")
                            : fail("wal_sender_timeout is " + ms + " ms, below " + minimum + " ms");
                });
    }

    /** Aurora: not Serverless v1 (no logical replication), not Aurora PostgreSQL 16.1 (its replication bug). */
    static Check auroraEngine() {
        return Check.define("A1.aurora-engine", GuideStep.A1,
                        "the Aurora cluster can replicate (not Serverless v1, not Aurora PostgreSQL 16.1)")
                .severity(Severity.CRITICAL).auroraOnly()
                .risk("Serverless v1 has no logical replication; 16.1 fails sources with 'could not map filenumber"
                        + " … to relation OID'")
                .remediation("move to a provisioned or Serverless v2 cluster; upgrade 16.1 to 16.2 or later")
                .rule(probe -> {
                    DBCluster cluster = probe.aws().cluster(probe.setup().awsId());
                    String name = "DB cluster " + cluster.dbClusterIdentifier();
                    if ("serverless".equals(cluster.engineMode())) {
                        return fail(name + " is Aurora Serverless v1 (engine mode serverless)");
                    }
                    if ("16.1".equals(cluster.engineVersion())) {
                        return fail(name + " runs Aurora PostgreSQL 16.1");
                    }
                    return pass(name + " runs Aurora PostgreSQL " + cluster.engineVersion() + ", engine mode "
                            + cluster.engineMode());
                });
    }

    static Optional<String> setting(SetupProbe probe, String name) {
        ResultTable t = probe.upstream("SELECT setting FROM pg_settings WHERE name = " + PgQuote.literal(name));
        return t.isEmpty() ? Optional.empty() : Optional.ofNullable(t.single("setting"));
    }
}
