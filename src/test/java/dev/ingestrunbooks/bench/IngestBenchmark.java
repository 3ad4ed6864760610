package dev.ingestrunbooks.bench;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.materialize.ingest.PostgresSourceIngestion;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamEndpoint;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox Materialize's ingestion engine against native PostgreSQL logical replication ({@code CREATE
 * SUBSCRIPTION} into a second embedded server) on the same upstream and data: snapshot rows/s, streaming apply
 * changes/s on a backlog (after an untimed warm-up backlog of a tenth of its size, for both), and end-to-end lag
 * (p50/p95) at a paced 5,000 changes/s. Snapshot and streaming are measured in three rounds each, the replicas
 * taking turns to go first, so that a change in the machine's speed during a run (other tenants of a shared host)
 * weighs on both; the run reports each round and the median round. Each replica runs alone while it is measured (the other is disabled or
 * closed; its slot keeps the WAL). The native subscriber is a sandbox server as it comes; the emulator's backing
 * server runs with the emulator's own settings ({@link MaterializeEmulator#BACKING_SETTINGS}).
 *
 * <p>A phase is timed until its last row shows on the replica (an index lookup every 5 ms, so that waiting costs the
 * replica next to no CPU); then, untimed, the whole table is compared with the upstream's. Not a test: it measures,
 * and only fails when a replica never matches. Run with
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ingestrunbooks.bench.IngestBenchmark [-Dexec.args="100000 100000 8"]</pre>
 * (snapshot rows, streamed updates, seconds of paced load). A backlog of 20,000 updates is caught up in about a third
 * of a second, too short to measure on a shared machine: native alone then varied from 27,000 to 50,000 changes/s
 * between runs; at 100,000 updates (about 1.7 s) it stayed within 43,000-61,000 in all eighteen runs of the same day.
 */
public final class IngestBenchmark {
    private static final String TABLE = "CREATE TABLE bench (id bigint PRIMARY KEY, payload text, amount numeric(12,2),"
            + " ts timestamptz";
    private static final String CHECKSUM = "SELECT count(*) || ':' || coalesce(sum(hashtext(payload)), 0) || ':'"
            + " || coalesce(sum(amount), 0) FROM bench";
    private static final int RATE = 5_000;
    /** Measured streaming backlogs per run, the replicas taking turns to go first. */
    private static final int ROUNDS = 3;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int major = Integer.parseInt(System.getProperty("runbook.postgres.version", "16"));
        try (RdsPostgresInstance upstream = RdsPostgresInstance.builder("bench-upstream").start();
             EmbeddedPostgresServer nativeReplica = EmbeddedPostgresServer.inTemporaryDirectory("bench-native", major);
             EmbeddedPostgresServer backing = EmbeddedPostgresServer.inTemporaryDirectory("bench-backing", major)) {
            upstream.reboot(Map.of("rds.logical_replication", "1"));
            nativeReplica.start(Map.of());
            backing.start(MaterializeEmulator.BACKING_SETTINGS);
            run(upstream, nativeReplica, backing, rows, updates, seconds);
        }
    }

    private static void run(RdsPostgresInstance upstream, EmbeddedPostgresServer nativeReplica,
                            EmbeddedPostgresServer backing, int rows, int updates, int seconds) throws Exception {
        exec(upstream, TABLE + ")", "ALTER TABLE bench REPLICA IDENTITY FULL",
                "INSERT INTO bench SELECT g, md5(g::text), g % 1000, clock_timestamp() FROM generate_series(1, " + rows + ") g",
                "CREATE PUBLICATION mz_source FOR TABLE bench");
        System.out.printf("ingest benchmark: %,d snapshot rows, %,d streamed updates, %d s at %,d changes/s%n",
                rows, updates, seconds, RATE);
        UpstreamEndpoint endpoint = UpstreamEndpoint.of(upstream.host(), upstream.port(), "postgres",
                upstream.masterUsername(), upstream.masterPassword());

        // 1. snapshot, ROUNDS times, the replicas taking turns to go first; the last round's replicas stream on
        double[] nativeSnapshots = new double[ROUNDS];
        double[] emulatorSnapshots = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            boolean keep = round == ROUNDS - 1;
            if (round % 2 == 1) {
                emulatorSnapshots[round] = emulatorSnapshot(upstream, backing, endpoint, rows, keep);
            }
            nativeSnapshots[round] = nativeSnapshot(upstream, nativeReplica, rows, round > 0);
            if (round % 2 == 0) {
                emulatorSnapshots[round] = emulatorSnapshot(upstream, backing, endpoint, rows, keep);
            }
        }

        // 2. streaming apply of a backlog of single-row updates, 100 per transaction: first an untimed warm-up
        // backlog (a tenth of the measured one) for both replicas, as a long-running emulator's JIT is warm
        int warmUp = Math.max(100, updates / 10);
        backlog(upstream, rows, 1, warmUp);
        catchUp(upstream, nativeReplica, backing, endpoint, rows, warmUp, "warm-up", false);
        // then ROUNDS measured backlogs, the two replicas taking turns to go first, so that a change in the machine's
        // speed during the run (other tenants of a shared host) weighs on both: each round's ratio compares two
        // catch-ups seconds apart, and the run reports the median round
        double[] nativeRates = new double[ROUNDS];
        double[] emulatorRates = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            int first = warmUp + round * updates + 1;
            int last = warmUp + (round + 1) * updates;
            backlog(upstream, rows, first, last);
            double[] streaming = catchUp(upstream, nativeReplica, backing, endpoint, rows, last,
                    "catch-up " + (round + 1), round % 2 == 1);
            nativeRates[round] = updates / streaming[0];
            emulatorRates[round] = updates / streaming[1];
        }

        // 3. lag at a paced rate
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub ENABLE");
        String nativeLag = pacedLag(upstream, nativeReplica, rows + 1_000_000L, seconds);
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub DISABLE");
        PostgresSourceIngestion emulator = start(endpoint, backing);
        awaitSame(upstream, backing, "emulator before the paced load");
        String emulatorLag = pacedLag(upstream, backing, rows + 2_000_000L, seconds);
        emulator.drop();
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub ENABLE", "DROP SUBSCRIPTION native_sub");

        System.out.printf("%-36s %12s %12s %8s%n", "", "native", "emulator", "ratio");
        System.out.printf("%-36s %12.0f %12.0f %8.2f%n", "snapshot rows/s", median(nativeSnapshots),
                median(emulatorSnapshots), median(ratios(nativeSnapshots, emulatorSnapshots)));
        System.out.printf("  snapshot rounds, native / emulator:%s medians above%n",
                rounds(nativeSnapshots, emulatorSnapshots));
        System.out.printf("%-36s %12.0f %12.0f %8.2f%n", "streaming apply changes/s (backlog)", median(nativeRates),
                median(emulatorRates), median(ratios(nativeRates, emulatorRates)));
        System.out.printf("  streaming rounds, native / emulator:%s medians above%n",
                rounds(nativeRates, emulatorRates));
        System.out.printf("%-36s %12s %12s%n", "lag ms p50 / p95 at " + RATE + " changes/s", nativeLag, emulatorLag);
    }

    /**
     * Commits updates {@code from}..{@code to} upstream, 100 per transaction, while both replicas are off. Update
     * {@code n} sets row {@link #updatedRow}'s payload to {@code 'u' || n}.
     */
    private static void backlog(RdsPostgresInstance upstream, int rows, int from, int to) throws SQLException {
        try (Connection c = connect(upstream)) {
            for (int first = from; first <= to; first += 100) {
                StringBuilder txn = new StringBuilder("BEGIN;");
                for (int id = first; id < first + 100 && id <= to; id++) {
                    txn.append("UPDATE bench SET amount = amount + 1, payload = 'u' || ").append(id)
                            .append(" WHERE id = ").append(updatedRow(id, rows)).append(';');
                }
                run(c, txn.append("COMMIT").toString());
            }
        }
    }

    /** Native's rate over a fresh subscription's initial copy; replaces the last round's subscription and table. */
    private static double nativeSnapshot(RdsPostgresInstance upstream, EmbeddedPostgresServer nativeReplica, int rows,
            boolean replace) throws Exception {
        if (replace) {
            exec(nativeReplica, "DROP SUBSCRIPTION native_sub", "DROP TABLE bench");
        }
        exec(nativeReplica, TABLE + ")");
        long t0 = System.nanoTime();
        exec(nativeReplica, "CREATE SUBSCRIPTION native_sub CONNECTION 'host=" + upstream.host() + " port="
                + upstream.port() + " dbname=postgres user=" + upstream.masterUsername() + " password="
                + upstream.masterPassword() + "' PUBLICATION mz_source");
        awaitRow(nativeReplica, rows, null, "native snapshot");
        double rate = rows / seconds(t0);
        awaitSame(upstream, nativeReplica, "native snapshot");
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub DISABLE");
        return rate;
    }

    /** The emulator's rate over a new source's snapshot; unless {@code keep}, the source and its table go again. */
    private static double emulatorSnapshot(RdsPostgresInstance upstream, EmbeddedPostgresServer backing,
            UpstreamEndpoint endpoint, int rows, boolean keep) throws Exception {
        long t0 = System.nanoTime();
        PostgresSourceIngestion emulator = start(endpoint, backing);
        awaitRow(backing, rows, null, "emulator snapshot");
        double rate = rows / seconds(t0);
        awaitSame(upstream, backing, "emulator snapshot");
        if (keep) {
            emulator.close();
        } else {
            emulator.drop();
            exec(backing, "DROP TABLE bench");
        }
        return rate;
    }

    /** Each round as "native / emulator = ratio", marking the rounds the emulator went first. */
    private static String rounds(double[] nativeRates, double[] emulatorRates) {
        double[] ratios = ratios(nativeRates, emulatorRates);
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            rounds.append(String.format(" %,.0f / %,.0f = %.2f%s", nativeRates[round], emulatorRates[round],
                    ratios[round], round % 2 == 1 ? " (emulator first);" : ";"));
        }
        return rounds.toString();
    }

    /** Each round's emulator rate over native's. */
    private static double[] ratios(double[] nativeRates, double[] emulatorRates) {
        double[] ratios = new double[nativeRates.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = emulatorRates[i] / nativeRates[i];
        }
        return ratios;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static long updatedRow(long update, int rows) {
        return 1 + (update * 7919L) % rows;
    }

    /**
     * Lets native and the emulator catch up on the backlog that ends with update {@code last}, each alone, native
     * first unless {@code emulatorFirst}; returns the seconds each took until the last update showed (native's,
     * then the emulator's), after checking each whole table.
     */
    private static double[] catchUp(RdsPostgresInstance upstream, EmbeddedPostgresServer nativeReplica,
            EmbeddedPostgresServer backing, UpstreamEndpoint endpoint, int rows, int last, String what,
            boolean emulatorFirst) throws Exception {
        double emulatorSeconds = emulatorFirst ? emulatorCatchUp(upstream, backing, endpoint, rows, last, what) : 0;
        long t0 = System.nanoTime();
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub ENABLE");
        awaitRow(nativeReplica, updatedRow(last, rows), "u" + last, "native " + what);
        double nativeSeconds = seconds(t0);
        awaitSame(upstream, nativeReplica, "native " + what);
        exec(nativeReplica, "ALTER SUBSCRIPTION native_sub DISABLE");
        if (!emulatorFirst) {
            emulatorSeconds = emulatorCatchUp(upstream, backing, endpoint, rows, last, what);
        }
        return new double[] {nativeSeconds, emulatorSeconds};
    }

    private static double emulatorCatchUp(RdsPostgresInstance upstream, EmbeddedPostgresServer backing,
            UpstreamEndpoint endpoint, int rows, int last, String what) throws Exception {
        long t0 = System.nanoTime();
        try (PostgresSourceIngestion emulator = start(endpoint, backing)) {
            awaitRow(backing, updatedRow(last, rows), "u" + last, "emulator " + what);
            double emulatorSeconds = seconds(t0);
            awaitSame(upstream, backing, "emulator " + what);
            return emulatorSeconds;
        }
    }

    private static PostgresSourceIngestion start(UpstreamEndpoint endpoint, EmbeddedPostgresServer backing)
            throws SQLException {
        return PostgresSourceIngestion.builder("u1").upstream(endpoint).publication("mz_source")
                .backing(() -> backing.connect("postgres")).table("public.bench", "bench").start();
    }

    /**
     * Inserts RATE rows/s for {@code seconds} (a batch every 10 ms) while polling the replica every 5 ms for the
     * highest id it shows; a row's lag is the first poll that saw it minus its upstream {@code ts}. Returns
     * "p50 / p95" in ms (the 5 ms poll adds at most 5 ms, the same for both replicas).
     */
    private static String pacedLag(RdsPostgresInstance upstream, EmbeddedPostgresServer replica, long firstId,
                                   int seconds) throws Exception {
        AtomicLong next = new AtomicLong(firstId);
        int batch = RATE / 100;
        List<long[]> polls = Collections.synchronizedList(new ArrayList<>()); // {max id seen, epoch micros}
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
        try (Connection writer = connect(upstream); Connection reader = replica.connect("postgres")) {
            // the sandbox runs synchronous_commit=off, whose WAL reaches walsenders only at the next WAL-writer
            // round (200 ms); a production writer commits synchronously
            run(writer, "SET synchronous_commit = on");
            threads.scheduleAtFixedRate(() -> run(writer, "INSERT INTO bench SELECT g, 'lag', 1, clock_timestamp()"
                    + " FROM generate_series(" + next.getAndAdd(batch) + ", " + (next.get() - 1) + ") g"),
                    0, 10, TimeUnit.MILLISECONDS);
            threads.scheduleAtFixedRate(() -> polls.add(new long[] {maxId(reader, firstId), micros()}),
                    0, 5, TimeUnit.MILLISECONDS);
            threads.awaitTermination(seconds, TimeUnit.SECONDS);
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
        awaitSame(upstream, replica, "replica after the paced load");
        long last = next.get() - 1;
        try (Connection reader = replica.connect("postgres")) {
            polls.add(new long[] {maxId(reader, firstId), micros()});
        }
        List<Double> lags = new ArrayList<>();
        try (Connection c = connect(upstream); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, (extract(epoch FROM ts) * 1000000)::bigint FROM bench"
                     + " WHERE id BETWEEN " + firstId + " AND " + last + " ORDER BY id")) {
            int poll = 0;
            while (rs.next()) {
                while (polls.get(poll)[0] < rs.getLong(1)) {
                    poll++;
                }
                lags.add((polls.get(poll)[1] - rs.getLong(2)) / 1000.0);
            }
        }
        Collections.sort(lags);
        return String.format("%.1f / %.1f", lags.get(lags.size() / 2), lags.get((int) (lags.size() * 0.95)));
    }

    private static long maxId(Connection c, long firstId) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM bench WHERE id >= " + firstId)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * What is timed: waits until row {@code id} shows on the replica (with {@code payload}, unless null), polling
     * every 5 ms over one connection with an index lookup, so that the wait itself takes next to no CPU from the
     * replica being measured (a whole-table checksum every few ms would take most of a core).
     */
    private static void awaitRow(EmbeddedPostgresServer replica, long id, String payload, String what)
            throws SQLException {
        try (Connection c = replica.connect("postgres")) {
            Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5))
                    .until(() -> rowShows(c, id, payload));
        }
    }

    private static boolean rowShows(Connection c, long id, String payload) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM bench WHERE id = " + id)) {
            return rs.next() && (payload == null || payload.equals(rs.getString(1)));
        }
    }

    /** Not timed: waits until the replica's whole table equals the upstream's (count and sums). */
    private static void awaitSame(RdsPostgresInstance upstream, EmbeddedPostgresServer replica, String what)
            throws SQLException {
        String expected;
        try (Connection c = connect(upstream)) {
            expected = checksum(c);
        }
        System.out.printf("  checking that %s reached %s…%n", what, expected);
        try (Connection c = replica.connect("postgres")) {
            Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> checksum(c), expected::equals);
        }
    }

    private static String checksum(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKSUM)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(RdsPostgresInstance upstream) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", upstream.masterUsername());
        p.setProperty("password", upstream.masterPassword());
        return DriverManager.getConnection(upstream.jdbcUrl("postgres"), p);
    }

    private static void exec(RdsPostgresInstance upstream, String... sql) throws SQLException {
        try (Connection c = connect(upstream); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static void exec(EmbeddedPostgresServer server, String... sql) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
