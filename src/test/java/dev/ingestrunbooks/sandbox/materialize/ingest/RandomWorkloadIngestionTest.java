package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.Lsn;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ingestion under seeded random workloads ({@link RandomWorkload}): after the workload the test waits until the
 * source's committed LSN reaches the upstream's {@code pg_current_wal_lsn()} and then requires each replica table
 * to hold exactly the upstream's multiset of rows (all rows' text, sorted). The seed is printed; rerun one with
 * {@code -Dingest.random.seed=<seed>}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomWorkloadIngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final long seed = Long.getLong("ingest.random.seed", System.nanoTime());
    private RdsPostgresInstance rds;
    private EmbeddedPostgresServer backingServer;
    private BackingDatabase backing;
    private UpstreamEndpoint upstream;

    @BeforeAll
    void start() {
        System.out.println("RandomWorkloadIngestionTest seed: " + seed + " (rerun with -Dingest.random.seed=" + seed
                + ")");
        rds = RdsPostgresInstance.builder("mz-random").parameters(Map.of("rds.logical_replication", "1")).start();
        backingServer = EmbeddedPostgresServer.inTemporaryDirectory("mz-random-backing",
                PostgresVersion.requestedMajor());
        backingServer.start(Map.of());
        backing = () -> backingServer.connect("postgres");
        upstream = Upstream.master(rds);
    }

    @AfterAll
    void stop() {
        if (backingServer != null) {
            backingServer.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    @Test
    void randomTransactionsAreReplicatedExactly() throws Exception {
        RandomWorkload workload = new RandomWorkload("r1", new Random(seed));
        try (Connection c = upstream.connect()) {
            workload.create(c);
            try (PostgresSourceIngestion source = start("r1", workload)) {
                workload.run(c, 120);
                workload.bulk(c, ChangeApplier.FLUSH_ROWS + 1_000);
                workload.run(c, 60);
                awaitCaughtUp(source, c, workload);
                assertReplicated(workload);
                assertThat(source.status()).isEqualTo(SourceStatus.RUNNING);
                assertThat(source.statistics().updatesCommitted()).isPositive();
                source.drop();
            }
        }
    }

    @Test
    void stopsAndCrashesMidWorkloadNeitherLoseNorDuplicate() throws Exception {
        RandomWorkload workload = new RandomWorkload("r2", new Random(seed + 1));
        try (Connection c = upstream.connect()) {
            workload.create(c);
            PostgresSourceIngestion first = start("r2", workload);
            for (int round = 0; round < 3; round++) {
                workload.run(c, 40);
                first.close(); // mid-stream: part of the workload may not be applied yet
                workload.run(c, 20);
                first = start("r2", workload);
                assertThat(first.statistics().snapshotRecords()).as("resumed, no new snapshot").isZero();
            }
            PostgresSourceIngestion source = first;
            workload.run(c, 40);
            terminateApplyConnection(); // a crash of the backing connection: the open group rolls back
            workload.run(c, 40);
            awaitCaughtUp(source, c, workload);
            assertReplicated(workload);
            await("running again after the crash").atMost(WAIT)
                    .until(() -> source.status().equals(SourceStatus.RUNNING));
            source.drop();
        }
    }

    private PostgresSourceIngestion start(String id, RandomWorkload workload) throws SQLException {
        PostgresSourceIngestion.Builder builder = PostgresSourceIngestion.builder(id).upstream(upstream)
                .publication(workload.publication()).backing(backing);
        workload.tables().forEach(t -> builder.table("public." + t, t));
        return builder.start();
    }

    /**
     * Waits until the source has committed everything written upstream so far: a last transaction on the
     * published but not ingested marker table makes sure a commit lies beyond the current WAL position.
     */
    private void awaitCaughtUp(PostgresSourceIngestion source, Connection c, RandomWorkload workload)
            throws SQLException {
        Lsn written = Lsn.parse(Upstream.single(c, "SELECT pg_current_wal_lsn()"));
        Upstream.execute(c, "INSERT INTO " + workload.publication().replace("_pub", "_marker") + " VALUES (1)");
        System.out.printf("seed %d: %d upstream transactions committed, waiting for %s%n", seed,
                workload.committed(), written);
        await("committed LSN reaches " + written).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> source.statistics().offsetCommitted().compareTo(written) >= 0);
    }

    private void assertReplicated(RandomWorkload workload) throws SQLException {
        for (String table : workload.tables()) {
            String rows = "SELECT x::text FROM " + table + " x ORDER BY 1";
            List<String> expected;
            List<String> actual;
            try (Connection up = upstream.connect(); Connection down = backing.open()) {
                expected = Upstream.column(up, rows);
                actual = Upstream.column(down, rows);
            }
            assertThat(actual).as("rows of %s (seed %d)", table, seed).containsExactlyElementsOf(expected);
        }
    }

    private void terminateApplyConnection() throws SQLException {
        try (Connection c = backing.open()) {
            assertThat(Upstream.column(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE"
                    + " backend_type = 'client backend' AND pid <> pg_backend_pid()")).isNotEmpty();
        }
    }
}
