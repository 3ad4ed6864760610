package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One seeded trial of the ingestion against a {@link RandomWorkload}: creates the workload's tables, starts a source
 * with the given {@link ApplyGrouping}, runs random transactions and a bulk transaction larger than a flush, waits
 * until the source has committed everything written upstream, and compares each replica with its upstream table as a
 * multiset of rows. With {@link Disruption#RESTARTS} the source is also stopped and resumed mid-workload, its backing
 * connection is killed (an open group rolls back), and its walsender is killed upstream (the stream breaks
 * mid-transaction). Everything the trial creates is dropped at the end, so trials can run one after another on the
 * same servers (the stress benchmark does).
 *
 * <p>Waiting for "everything": the upstream's insert position ({@code pg_current_wal_insert_lsn()}) is read after the
 * workload, then one more transaction (on the published but not ingested marker table) is committed, so a commit
 * lies beyond that position; the trial waits until the source's committed offset reaches it. Not
 * {@code pg_current_wal_lsn()}: that is the position <em>written</em> to disk, which lags the last commits by up to
 * {@code wal_writer_delay} on the sandbox's servers ({@code synchronous_commit = off}), and a wait on it let
 * comparisons run while the last transactions were still on their way (they looked like lost or doubled rows).
 */
public final class RandomIngestionTrial {

    /** What happens to the source while the workload runs. */
    public enum Disruption { NONE, RESTARTS }

    /**
     * The outcome: upstream transactions committed, the source's status once caught up, and one line per diverging
     * table (empty: exact).
     */
    public record Result(long seed, int transactions, SourceStatus status, List<String> divergences) {
        public boolean exact() {
            return divergences.isEmpty();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final UpstreamEndpoint upstream;
    private final BackingDatabase backing;

    public RandomIngestionTrial(UpstreamEndpoint upstream, BackingDatabase backing) {
        this.upstream = upstream;
        this.backing = backing;
    }

    /** Runs one trial with tables named after {@code prefix} (unique among concurrent trials). */
    public Result run(String prefix, long seed, ApplyGrouping grouping, Disruption disruption) throws SQLException {
        RandomWorkload workload = new RandomWorkload(prefix, new Random(seed));
        try (Connection c = upstream.connect()) {
            workload.create(c);
            PostgresSourceIngestion source = start(prefix, workload, grouping);
            try {
                if (disruption == Disruption.RESTARTS) {
                    source = disrupt(source, c, workload, prefix, grouping);
                } else {
                    workload.run(c, 120);
                    workload.bulk(c, grouping.flushRows() + 1_000);
                    workload.run(c, 60);
                }
                awaitCaughtUp(source, c, workload, seed);
                List<String> divergences = compare(workload, c);
                return new Result(seed, workload.committed(), source.status(), divergences);
            } finally {
                source.drop();
                workload.drop(c);
                try (Connection down = backing.open()) {
                    workload.dropReplicas(down);
                }
            }
        }
    }

    private PostgresSourceIngestion disrupt(PostgresSourceIngestion first, Connection c, RandomWorkload workload,
            String prefix, ApplyGrouping grouping) throws SQLException {
        PostgresSourceIngestion source = first;
        for (int round = 0; round < 2; round++) {
            workload.run(c, 40);
            source.close(); // mid-stream: part of the workload, maybe an open group, is not applied yet
            workload.run(c, 20);
            source = start(prefix, workload, grouping);
            if (source.statistics().snapshotRecords() != 0) {
                throw new AssertionError("a resumed source took a new snapshot");
            }
        }
        workload.run(c, 40);
        workload.bulk(c, grouping.flushRows() + 1_000);
        // the apply's connection: an open group rolls back
        if (!kill(backing, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client"
                + " backend' AND pid <> pg_backend_pid()")) {
            try (Connection down = backing.open()) {
                throw new AssertionError("no apply connection to kill; source " + source.status() + ", backing"
                        + " sessions: " + Upstream.column(down, "SELECT pid || ' ' || backend_type || ' '"
                        + " || coalesce(state, '') || ' ' || backend_start || ' ' || left(query, 60)"
                        + " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"));
            }
        }
        workload.run(c, 40);
        // the walsender, once the source streams again (it retries a second after the crash): the stream breaks
        String walsender = "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = "
                + Sql.literal(source.slotName()) + " AND active_pid IS NOT NULL";
        await("the source streams again after its backing connection was killed").atMost(WAIT)
                .pollInterval(Duration.ofMillis(20)).until(() -> kill(upstream::connect, walsender));
        workload.run(c, 40);
        return source;
    }

    /** Runs a {@code pg_terminate_backend} query; whether it terminated any backend. */
    private static boolean kill(BackingDatabase database, String query) throws SQLException {
        try (Connection c = database.open()) {
            List<String> killed = Upstream.column(c, query);
            if (!killed.isEmpty() && !killed.contains("t")) {
                System.out.println("pg_terminate_backend found backends but terminated none: " + killed);
            }
            return killed.contains("t");
        }
    }

    private PostgresSourceIngestion start(String id, RandomWorkload workload, ApplyGrouping grouping)
            throws SQLException {
        PostgresSourceIngestion.Builder builder = PostgresSourceIngestion.builder(id).upstream(upstream)
                .publication(workload.publication()).backing(backing).grouping(grouping);
        workload.tables().forEach(t -> builder.table("public." + t, t));
        return builder.start();
    }

    private static void awaitCaughtUp(PostgresSourceIngestion source, Connection c, RandomWorkload workload,
            long seed) throws SQLException {
        Lsn written = workload.commitMarker(c);
        await("seed " + seed + ": committed offset reaches the upstream's insert position " + written)
                .atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> source.statistics().offsetCommitted().compareTo(written) >= 0);
    }

    private List<String> compare(RandomWorkload workload, Connection up) throws SQLException {
        List<String> divergences = new ArrayList<>();
        for (String table : workload.tables()) {
            String rows = "SELECT x::text FROM " + table + " x";
            List<String> expected = Upstream.column(up, rows);
            List<String> actual;
            try (Connection down = backing.open()) {
                actual = Upstream.column(down, rows);
            }
            Map<String, Integer> difference = new HashMap<>();
            expected.forEach(row -> difference.merge(row, 1, Integer::sum));
            actual.forEach(row -> difference.merge(row, -1, Integer::sum));
            difference.values().removeIf(n -> n == 0);
            if (!difference.isEmpty()) {
                List<String> sample = difference.entrySet().stream().limit(6)
                        .map(e -> (e.getValue() > 0 ? "missing " : "extra ") + Math.abs(e.getValue()) + "× "
                                + e.getKey()).toList();
                divergences.add(table + ": " + expected.size() + " rows upstream, " + actual.size()
                        + " in the replica; " + sample);
            }
        }
        return divergences;
    }
}
