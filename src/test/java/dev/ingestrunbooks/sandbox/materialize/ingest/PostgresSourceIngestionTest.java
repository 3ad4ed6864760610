package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ingestion through real servers: one sandbox RDS instance (logical replication on) as upstream and one embedded
 * PostgreSQL as the emulator's backing store, shared by all tests; each test uses its own tables and source id.
 * Equality is checked as row count plus an md5 over the ordered rows' text on both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSourceIngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private RdsPostgresInstance rds;
    private EmbeddedPostgresServer backingServer;
    private BackingDatabase backing;
    private UpstreamEndpoint upstream;

    @BeforeAll
    void start() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-upstream").parameters(Map.of("rds.logical_replication", "1")).start();
        backingServer = EmbeddedPostgresServer.inTemporaryDirectory("mz-backing", 16);
        backingServer.start(Map.of());
        backing = () -> backingServer.connect("postgres");
        upstream = Upstream.master(rds).withLocalAddress("127.0.0.2");
        upstream(c -> Upstream.execute(c, "CREATE PUBLICATION mz_source FOR ALL TABLES"));
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
    void snapshotThenRandomWorkloadMatchesUpstream() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE items(id int, name text, amount numeric(10,2), tags text[])",
                "ALTER TABLE items REPLICA IDENTITY FULL",
                "INSERT INTO items SELECT i % 2000, 'n' || (i % 7), (i % 100) / 4.0, ARRAY['a', i::text]"
                        + " FROM generate_series(1, 20000) i"));
        long started = System.nanoTime();
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u1").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.items", "items").start()) {
            double snapshotSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(source.statistics().snapshotCommitted()).isTrue();
            assertThat(source.statistics().snapshotRecords()).isEqualTo(20000);
            assertThat(checksum(backing::open, "items")).isEqualTo(checksum(upstream::connect, "items"));
            System.out.printf("snapshot: 20000 rows in %.2f s (%.0f rows/s incl. slot creation)%n", snapshotSeconds,
                    20000 / snapshotSeconds);
            await("source u1 running").atMost(WAIT).until(() -> source.status().equals(SourceStatus.RUNNING));

            long streamStart = System.nanoTime();
            int changes = randomWorkload("items", 200, new Random(42));
            awaitEqual("items", "items");
            double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
            System.out.printf("streaming: %d row changes applied in %.2f s (%.0f changes/s, end to end)%n", changes,
                    streamSeconds, changes / streamSeconds);

            SourceStatistics stats = source.statistics();
            assertThat(stats.updatesCommitted()).isGreaterThanOrEqualTo(changes);
            assertThat(stats.messagesReceived()).isPositive();
            assertThat(stats.bytesReceived()).isPositive();
            assertThat(source.slotName()).matches("materialize_[0-9a-f]{32}");
            await("confirmed_flush_lsn of the slot reaches the committed offset").atMost(WAIT).until(() ->
                    slotFlushLsn(source.slotName()).equals(source.statistics().offsetCommitted().toString()));
            source.drop();
        }
    }

    /** Inserts (with duplicates and NULLs), single-row and multi-row updates and deletes in 1–4 statement txns. */
    private int randomWorkload(String table, int transactions, Random random) throws SQLException {
        int changes = 0;
        try (Connection c = upstream.connect()) {
            c.setAutoCommit(false);
            for (int t = 0; t < transactions; t++) {
                int statements = 1 + random.nextInt(4);
                for (int s = 0; s < statements; s++) {
                    changes += statement(c, table, random);
                }
                c.commit();
            }
        }
        return changes;
    }

    private int statement(Connection c, String table, Random random) throws SQLException {
        int id = random.nextInt(2100);
        String oneRow = "ctid = (SELECT ctid FROM " + table + " WHERE id = ? LIMIT 1)";
        String sql = switch (random.nextInt(5)) {
            case 0, 1 -> "INSERT INTO " + table + " VALUES (?, 'n' || (? % 3), CASE WHEN ? % 5 = 0 THEN NULL"
                    + " ELSE 1.25 END, NULL)";
            case 2 -> "UPDATE " + table + " SET amount = amount + 1, name = name || ? WHERE " + oneRow;
            case 3 -> "DELETE FROM " + table + " WHERE " + oneRow.replace("?", "? + 0 * ?");
            default -> "UPDATE " + table + " SET name = upper(name), tags = NULL WHERE id % 97 = ? % 97 AND ? > 0";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setInt(i, id);
            }
            int rows = ps.executeUpdate();
            return sql.startsWith("UPDATE") ? 2 * rows : rows;
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private void upstream(SqlWork work) throws SQLException {
        try (Connection c = upstream.connect()) {
            work.run(c);
        }
    }

    private void awaitEqual(String upstreamTable, String target) {
        await("backing " + target + " equals upstream " + upstreamTable).atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> checksum(backing::open, target).equals(checksum(upstream::connect, upstreamTable)));
    }

    /** {@code count:md5} of the table's rows' text, ordered. */
    static String checksum(Callable<Connection> connector, String table) throws Exception {
        try (Connection c = connector.call()) {
            return Upstream.single(c, "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY"
                    + " x::text)), '') FROM " + table + " x");
        }
    }

    private String slotFlushLsn(String slot) throws SQLException {
        try (Connection c = upstream.connect()) {
            return Upstream.single(c, "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "'");
        }
    }
}
