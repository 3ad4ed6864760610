package dev.ingestrunbooks.drivers.health;

import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.fail;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.pass;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.MaterializeDiagnosis;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.RunbookFailure;
import dev.ingestrunbooks.postgres.PgQuote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Steps C2 to C4 as they look on a running setup: the connection points at the right endpoint over TLS, the source
 * and its subsources run with their snapshot committed, the source's replication slot is there, active, not lost and
 * not far behind, no forgotten Materialize slot retains WAL, no long transaction blocks slot creation, and the
 * source's cluster has a replica. Materialize is read through its catalog only.
 */
final class SourceChecks {


    private SourceChecks() {
    }

    static List<HealthCheck> all() {
        return List.of(writerEndpoint(), sslMode(), sourceRunning(), snapshotCommitted(), slotActive(), slotLag(),
                orphanedSlots(), longTransactions(), clusterReplicas());
    }

    /** Aurora: the connection's HOST is the cluster's writer endpoint, never the reader endpoint. */
    static Check writerEndpoint() {
        return Check.define("C2.writer-endpoint", GuideStep.C2,
                        "the Materialize connection points at the Aurora cluster's writer endpoint")
                .severity(Severity.CRITICAL).auroraOnly()
                .risk("a reader endpoint cannot do logical decoding, and an instance endpoint stops working after a"
                        + " failover")
                .remediation("ALTER CONNECTION <connection> SET (HOST = '<writer endpoint>'), or re-create it with"
                        + " the cluster's writer endpoint")
                .rule(probe -> {
                    String host = connectionSql(probe).literal("HOST").orElse("(none)");
                    DBCluster cluster = probe.aws().cluster(probe.setup().awsId());
                    String connection = probe.setup().names().connection();
                    if (host.equalsIgnoreCase(cluster.endpoint())) {
                        return pass("connection " + connection + " points at writer endpoint " + host);
                    }
                    String what = host.equalsIgnoreCase(cluster.readerEndpoint()) ? "the reader endpoint"
                            : "not the writer endpoint " + cluster.endpoint();
                    return fail("connection " + connection + " points at " + host + ", " + what + " of DB cluster "
                            + cluster.dbClusterIdentifier());
                });
    }

    /** The connection encrypts: its {@code SSL MODE} is not {@code disable} (the default when absent). */
    static Check sslMode() {
        return Check.define("C2.ssl-mode", GuideStep.C2, "the Materialize connection uses TLS (SSL MODE not disable)")
                .risk("without TLS the replication user's password and all replicated data cross the network in"
                        + " clear text")
                .remediation("ALTER CONNECTION <connection> SET (SSL MODE = 'require'), as the guide's CREATE"
                        + " CONNECTION does")
                .rule(probe -> {
                    String connection = probe.setup().names().connection();
                    ConnectionSql sql = connectionSql(probe);
                    String mode = sql.word("SSL MODE").orElse("disable").toLowerCase(Locale.ROOT);
                    if (mode.equals("disable") && sql.tunneled()) {
                        return pass("connection " + connection + " goes through an SSH tunnel or AWS PrivateLink"
                                + " without TLS, as the guide's tab writes it: the tunnel protects the path into the"
                                + " VPC; the last hop inside the VPC is not encrypted");
                    }
                    return mode.equals("disable") ? fail("connection " + connection + " has SSL MODE disable")
                            : pass("connection " + connection + " has SSL MODE " + mode);
                });
    }

    /** The source and every subsource report {@code running}; an error names the step that fixes it. */
    static Check sourceRunning() {
        return Check.define("C3.source-running", GuideStep.C3, "the source and all its subsources are running")
                .severity(Severity.CRITICAL)
                .risk("a stalled or failed (sub)source serves stale data; its slot retains WAL meanwhile")
                .remediation("fix what the error names (the message says which step), then the source resumes; a"
                        + " subsource that must be dropped and recreated needs DROP SOURCE and ADD SUBSOURCE")
                .rule(probe -> {
                    String source = probe.setup().names().source();
                    ResultTable t = probe.materialize("SELECT s.name, st.status, st.error FROM"
                            + " mz_internal.mz_source_statuses st JOIN mz_catalog.mz_sources s ON s.id = st.id WHERE"
                            + " st.id IN (" + familyIds(probe) + ") AND s.type <> 'progress' ORDER BY s.name");
                    List<String> problems = new ArrayList<>();
                    for (List<String> row : t.rows()) {
                        if (!"running".equals(row.get(1))) {
                            String error = row.get(2) == null ? "" : ": " + row.get(2);
                            Optional<GuideStep> fix = row.get(2) == null ? Optional.empty() : fixFor(row.get(2));
                            problems.add(row.get(0) + " is " + row.get(1) + error
                                    + fix.map(f -> " (fix: " + f.reference() + ")").orElse(""));
                        }
                    }
                    return problems.isEmpty() ? pass("source " + source + " and its " + (t.rows().size() - 1)
                            + " subsources are running") : fail(String.join("; ", problems));
                });
    }

    static Check snapshotCommitted() {
        return Check.define("C3.snapshot-committed", GuideStep.C3, "the source's initial snapshot is committed")
                .risk("until the snapshot commits, queries on the subsources wait or see nothing")
                .remediation("wait for the snapshot (C3); if it never finishes, look for a timeout that kills it"
                        + " (A2.replication-user-timeouts) or a cluster too small for it (C4)")
                .rule(probe -> {
                    ResultTable t = probe.materialize("SELECT s.name, bool_and(st.snapshot_committed) AS committed"
                            + " FROM mz_internal.mz_source_statistics st JOIN mz_catalog.mz_sources s ON s.id ="
                            + " st.id WHERE st.id IN (" + familyIds(probe) + ") GROUP BY s.name ORDER BY s.name");
                    List<String> pending = new ArrayList<>();
                    for (List<String> row : t.rows()) {
                        if (!"t".equals(row.get(1))) {
                            pending.add(row.get(0));
                        }
                    }
                    return pending.isEmpty() ? pass("the snapshot of source " + probe.setup().names().source()
                            + " is committed") : fail("snapshot not committed for " + String.join(", ", pending));
                });
    }

    /** The slot {@code mz_postgres_sources} names exists upstream and a walsender streams from it. */
    static Check slotActive() {
        return Check.define("C3.slot-active", GuideStep.C3, "the source's replication slot exists and is active")
                .severity(Severity.CRITICAL)
                .risk("a missing slot means the source can never resume; an inactive one retains WAL while nothing"
                        + " reads it")
                .remediation("check the source's status (C3); a dropped slot needs the source re-created (C2)")
                .rule(probe -> {
                    String slot = slotName(probe);
                    ResultTable t = slot(probe, slot);
                    if (t.isEmpty()) {
                        return fail("replication slot " + slot + " of source " + probe.setup().names().source()
                                + " does not exist upstream");
                    }
                    return "t".equals(t.single("active")) ? pass("replication slot " + slot + " is active")
                            : fail("replication slot " + slot + " exists but is not active: nothing streams from it");
                });
    }

    /** The slot's WAL is intact ({@code wal_status} not lost or unreserved) and it lags less than the threshold. */
    static Check slotLag() {
        return Check.define("C3.slot-lag", GuideStep.C3,
                        "the source's slot keeps its WAL and lags less than the threshold")
                .severity(Severity.CRITICAL).category(Category.RISK)
                .risk("a lost slot (past max_slot_wal_keep_size) cannot resume: the source must be re-created; a"
                        + " growing lag fills the disk")
                .remediation("if wal_status is lost, drop and re-create the source (C2); if it only lags, right-size"
                        + " the cluster (C4) or look for a stalled source (C3)")
                .rule(probe -> {
                    String slot = slotName(probe);
                    ResultTable t = slot(probe, slot);
                    if (t.isEmpty()) {
                        return fail("replication slot " + slot + " does not exist upstream");
                    }
                    String walStatus = t.single("wal_status");
                    if ("lost".equals(walStatus) || "unreserved".equals(walStatus)) {
                        return fail("replication slot " + slot + " has wal_status " + walStatus
                                + ": the WAL it needs is being removed");
                    }
                    long lag = t.single("lag_bytes") == null ? 0 : Long.parseLong(t.single("lag_bytes"));
                    long limit = probe.setup().thresholds().slotLagBytes();
                    return (lag < limit ? pass("replication slot " + slot + " lags " + lag + " bytes (limit " + limit
                            + "), wal_status " + walStatus) : fail("replication slot " + slot + " lags " + lag
                            + " bytes, over the limit of " + limit)).with(LagTrend.METRIC, lag);
                });
    }

    /** No inactive {@code materialize_%} or {@code mzsnapshot_%} slot that no source of this Materialize uses. */
    static Check orphanedSlots() {
        return Check.define("C3.orphaned-slots", GuideStep.CONSIDERATIONS,
                        "no Materialize replication slot is left behind without a source")
                .severity(Severity.CRITICAL).category(Category.RISK)
                .risk("a forgotten slot retains WAL until the disk fills and the database stops")
                .remediation("drop it upstream: SELECT pg_drop_replication_slot('<slot>') (after making sure no other"
                        + " Materialize region uses it)")
                .rule(probe -> {
                    Set<String> used = new LinkedHashSet<>(probe.materialize("SELECT replication_slot FROM"
                            + " mz_internal.mz_postgres_sources").column("replication_slot"));
                    ResultTable t = probe.upstream("SELECT slot_name FROM pg_replication_slots WHERE NOT active AND"
                            + " database = current_database() AND (slot_name LIKE 'materialize\\_%' OR slot_name LIKE"
                            + " 'mzsnapshot\\_%') ORDER BY 1");
                    List<String> orphans = t.column("slot_name").stream().filter(s -> !used.contains(s)).toList();
                    return orphans.isEmpty() ? pass("no orphaned Materialize replication slot") : fail("inactive"
                            + " replication slots no source uses: " + String.join(", ", orphans));
                });
    }

    /** No upstream transaction has been open longer than the threshold (it blocks creating a slot). */
    static Check longTransactions() {
        return Check.define("C3.long-transactions", GuideStep.CONSIDERATIONS,
                        "no upstream transaction has been open for longer than the threshold")
                .severity(Severity.MINOR).category(Category.RISK)
                .risk("creating a replication slot waits for every transaction open at that moment: a new source or"
                        + " subsource hangs until it ends")
                .remediation("find the session in pg_stat_activity and end it (or its application's leak)")
                .rule(probe -> {
                    long minutes = probe.setup().thresholds().transactionMinutes();
                    ResultTable t = probe.upstream("SELECT pid, usename, round(extract(epoch FROM now() -"
                            + " xact_start) / 60) AS minutes FROM pg_stat_activity WHERE backend_type = 'client"
                            + " backend' AND pid <> pg_backend_pid() AND xact_start < now() - interval '" + minutes
                            + " minutes' ORDER BY xact_start");
                    if (t.isEmpty()) {
                        return pass("no transaction open for more than " + minutes + " minutes");
                    }
                    List<String> sessions = new ArrayList<>();
                    t.rows().forEach(r -> sessions.add("pid " + r.get(0) + " (" + r.get(1) + ", " + r.get(2)
                            + " min)"));
                    return fail("transactions open for more than " + minutes + " minutes: "
                            + String.join(", ", sessions));
                });
    }

    static Check clusterReplicas() {
        return Check.define("C4.cluster-replicas", GuideStep.C4, "the source's cluster has at least one replica")
                .severity(Severity.CRITICAL)
                .risk("a cluster without replicas runs nothing: the source ingests nothing")
                .remediation("ALTER CLUSTER <cluster> SET (REPLICATION FACTOR = 1), or give it a SIZE again")
                .rule(probe -> {
                    ResultTable t = probe.materialize("SELECT c.name, count(r.id) AS replicas FROM"
                            + " mz_catalog.mz_sources s JOIN mz_catalog.mz_clusters c ON c.id = s.cluster_id LEFT"
                            + " JOIN mz_catalog.mz_cluster_replicas r ON r.cluster_id = c.id WHERE s.id = "
                            + PgQuote.literal(sourceId(probe)) + " GROUP BY c.name");
                    if (t.isEmpty()) {
                        return fail("source " + probe.setup().names().source() + " runs in no cluster");
                    }
                    long replicas = Long.parseLong(t.single("replicas"));
                    String cluster = t.single("name");
                    return replicas >= 1 ? pass("cluster " + cluster + " has " + replicas + " replica(s)")
                            : fail("cluster " + cluster + " of source " + probe.setup().names().source()
                            + " has no replica");
                });
    }

    /**
     * The guide step that fixes a source status error: what happened upstream after the setup was made (a TRUNCATE,
     * an incompatible schema change, a slot that lost its WAL) is the guide's Considerations; a skipped or undone
     * setup step is what {@link MaterializeDiagnosis} recognises.
     */
    static Optional<GuideStep> fixFor(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("table was truncated") || lower.contains("incompatible schema change")
                || lower.contains("can no longer get changes from replication slot")
                || lower.contains("requested wal segment")) {
            return Optional.of(GuideStep.CONSIDERATIONS);
        }
        return MaterializeDiagnosis.diagnoseStatus("source", error).map(RunbookFailure::fix);
    }

    /** The source's id; a missing source fails the check that asks, naming C2. */
    static String sourceId(SetupProbe probe) {
        String source = probe.setup().names().source();
        ResultTable t = probe.materialize("SELECT id FROM mz_catalog.mz_sources WHERE name = "
                + PgQuote.literal(source) + " AND type = 'postgres'");
        if (t.isEmpty()) {
            throw new MissingObject("source " + source + " does not exist in Materialize " + probe.setup()
                    .materialize().host(), GuideStep.C2);
        }
        return t.single("id");
    }

    /** The source's id and its subsources' ids, as a SQL list. */
    private static String familyIds(SetupProbe probe) {
        List<String> ids = new ArrayList<>();
        ids.add(sourceId(probe));
        ids.addAll(subsourceIds(probe));
        return String.join(", ", ids.stream().map(PgQuote::literal).toList());
    }

    private static List<String> subsourceIds(SetupProbe probe) {
        String id = PgQuote.literal(sourceId(probe));
        return probe.materialize("SELECT s.id FROM mz_catalog.mz_sources s WHERE s.type = 'subsource' AND s.id IN"
                + " (SELECT object_id FROM mz_internal.mz_object_dependencies WHERE referenced_object_id = " + id
                + " UNION SELECT referenced_object_id FROM mz_internal.mz_object_dependencies WHERE object_id = " + id
                + ") ORDER BY s.id").column("id");
    }

    /** {@code schema.table} of every upstream table the source ingests. */
    static Set<String> ingestedTables(SetupProbe probe) {
        List<String> ids = subsourceIds(probe);
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(probe.materialize("SELECT schema_name || '.' || table_name AS table_name FROM"
                + " mz_internal.mz_postgres_source_tables WHERE id IN (" + String.join(", ",
                ids.stream().map(PgQuote::literal).toList()) + ") ORDER BY 1").column("table_name"));
    }

    private static String slotName(SetupProbe probe) {
        ResultTable t = probe.materialize("SELECT replication_slot FROM mz_internal.mz_postgres_sources WHERE id = "
                + PgQuote.literal(sourceId(probe)));
        if (t.isEmpty()) {
            throw new CheckUnreadable("mz_internal.mz_postgres_sources has no row for source "
                    + probe.setup().names().source());
        }
        return t.single("replication_slot");
    }

    private static ResultTable slot(SetupProbe probe, String slot) {
        return probe.upstream("SELECT slot_name, active, wal_status, pg_wal_lsn_diff(pg_current_wal_lsn(),"
                + " confirmed_flush_lsn)::bigint AS lag_bytes FROM pg_replication_slots WHERE slot_name = "
                + PgQuote.literal(slot));
    }

    private static ConnectionSql connectionSql(SetupProbe probe) {
        String connection = probe.setup().names().connection();
        return ConnectionSql.of(probe, connection).orElseThrow(() -> new MissingObject("connection " + connection
                + " does not exist in Materialize " + probe.setup().materialize().host(), GuideStep.C2));
    }
}
