package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
        backingServer = EmbeddedPostgresServer.inTemporaryDirectory("mz-backing", PostgresVersion.requestedMajor());
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

    @Test
    void restartResumesFromTheStoredLsnWithoutLossOrDuplicates() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE events(id int, name text, amount numeric(10,2), tags text[])",
                "ALTER TABLE events REPLICA IDENTITY FULL",
                "INSERT INTO events SELECT i % 50, 'v', 1, '{}' FROM generate_series(1, 500) i"));
        PostgresSourceIngestion first = PostgresSourceIngestion.builder("u2").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.events", "events").start();
        String slot = first.slotName();
        randomWorkload("events", 30, new Random(7));
        awaitEqual("events", "events");
        first.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("mz-ingest-u2"));
        await("slot of u2 inactive after close").atMost(WAIT).until(() -> "f".equals(slotActive(slot)));
        randomWorkload("events", 30, new Random(8));
        upstream(c -> Upstream.execute(c, "INSERT INTO events VALUES (1, 'v', 1, '{}')",
                "DELETE FROM events WHERE id = 2"));

        try (PostgresSourceIngestion second = PostgresSourceIngestion.builder("u2").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.events", "events").start()) {
            assertThat(second.slotName()).isEqualTo(slot);
            assertThat(second.statistics().snapshotRecords()).as("no new snapshot").isZero();
            assertThat(second.statistics().snapshotCommitted()).isTrue();
            awaitEqual("events", "events");
            second.drop();
        }
    }

    @Test
    void dropRemovesTheSlotUpstream() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE gone(id int)", "ALTER TABLE gone REPLICA IDENTITY FULL"));
        PostgresSourceIngestion source = PostgresSourceIngestion.builder("u3").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.gone", "gone").start();
        String slot = source.slotName();
        assertThat(slots()).contains(slot);
        await("source u3 running").atMost(WAIT).until(() -> source.status().equals(SourceStatus.RUNNING));
        source.drop();
        assertThat(slots()).doesNotContain(slot);
        assertThat(source.status()).isEqualTo(SourceStatus.DROPPED);
        try (Connection c = backing.open()) {
            assertThat(Upstream.single(c, "SELECT count(*) FROM mz_ingest_sources WHERE source_id = 'u3'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void truncateAndSchemaChangeFailOnlyTheirTable() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE cut(id int)", "ALTER TABLE cut REPLICA IDENTITY FULL",
                "CREATE TABLE altered(id int, note text)", "ALTER TABLE altered REPLICA IDENTITY FULL",
                "CREATE TABLE kept(id int)", "ALTER TABLE kept REPLICA IDENTITY FULL",
                "INSERT INTO cut VALUES (1), (2)", "INSERT INTO altered VALUES (1, 'a')"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u4").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.cut", "cut")
                .table("public.altered", "altered").table("public.kept", "kept").start()) {
            upstream(c -> Upstream.execute(c, "TRUNCATE cut", "ALTER TABLE altered DROP COLUMN note",
                    "INSERT INTO altered VALUES (2)", "INSERT INTO kept VALUES (1)"));
            await("cut reports the truncation").atMost(WAIT).until(() -> source.tableStatus("cut")
                    .equals(new SourceStatus("stalled", Optional.of("postgres: table was truncated"))));
            await("altered reports the schema change").atMost(WAIT).until(() -> source.tableStatus("altered")
                    .equals(SourceStatus.ceased("incompatible schema change on public.altered: column \"note\""
                            + " was dropped or renamed upstream")));
            awaitEqual("kept", "kept");
            assertThat(source.tableStatus("kept")).isEqualTo(SourceStatus.RUNNING);
            assertThat(source.status()).isEqualTo(SourceStatus.RUNNING);
            try (Connection c = backing.open()) {
                assertThat(Upstream.single(c, "SELECT count(*) FROM cut")).as("data before the truncation").isEqualTo("2");
            }
            source.drop();
        }
    }

    @Test
    void addedTableIsSnapshottedAndStreamed() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE first_t(id int)", "ALTER TABLE first_t REPLICA IDENTITY FULL",
                "CREATE TABLE later_t(id int, v text)", "ALTER TABLE later_t REPLICA IDENTITY FULL",
                "INSERT INTO later_t SELECT i, 'x' FROM generate_series(1, 100) i"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u5").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.first_t", "first_t").start()) {
            upstream(c -> Upstream.execute(c, "INSERT INTO later_t VALUES (101, 'before add')",
                    "INSERT INTO first_t VALUES (1)"));
            awaitEqual("first_t", "first_t");
            source.addTable(new TableMapping("public.later_t", "later_t_mz"));
            upstream(c -> Upstream.execute(c, "UPDATE later_t SET v = 'after add' WHERE id <= 10",
                    "DELETE FROM later_t WHERE id > 95", "INSERT INTO first_t VALUES (2)"));
            awaitEqual("later_t", "later_t_mz");
            awaitEqual("first_t", "first_t");
            assertThat(source.statistics().snapshotRecords()).isEqualTo(101);
            source.drop();
        }
    }

    @Test
    void droppedPublicationStallsTheSourceAndItsTables() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE lone(id int)", "ALTER TABLE lone REPLICA IDENTITY FULL",
                "CREATE PUBLICATION pub6 FOR TABLE lone"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u6").upstream(upstream)
                .publication("pub6").backing(backing).table("public.lone", "lone").start()) {
            await("source u6 running").atMost(WAIT).until(() -> source.status().equals(SourceStatus.RUNNING));
            upstream(c -> Upstream.execute(c, "DROP PUBLICATION pub6", "INSERT INTO lone VALUES (1)"));
            SourceStatus stalled = SourceStatus.stalled("publication \"pub6\" does not exist");
            await("source u6 stalled on the dropped publication").atMost(WAIT)
                    .until(() -> source.status().equals(stalled));
            assertThat(source.tableStatus("lone")).isEqualTo(stalled);
            source.drop();
        }
    }

    @Test
    void backgroundStartReportsStartingThenRunning() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE bg(id int)", "ALTER TABLE bg REPLICA IDENTITY FULL",
                "INSERT INTO bg SELECT generate_series(1, 1000)"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u7").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.bg", "bg").startInBackground()) {
            assertThat(source.status().status()).isIn("starting", "running");
            await("source u7 running after its snapshot").atMost(WAIT)
                    .until(() -> source.status().equals(SourceStatus.RUNNING) && source.statistics().snapshotCommitted());
            upstream(c -> Upstream.execute(c, "DELETE FROM bg WHERE id <= 10"));
            awaitEqual("bg", "bg");
            source.drop();
        }
    }

    @Test
    void typesWithAndWithoutEqualityRoundTrip() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE typed(j json, jb jsonb, ts timestamptz, f float8, b bytea,"
                        + " u uuid, a int[], d date, big text)", "ALTER TABLE typed REPLICA IDENTITY FULL",
                "INSERT INTO typed SELECT '{\"k\": 1}', '{\"k\": [1, 2]}', '2026-11-23 12:00:00.123456+01', 0.1 * i,"
                        + " '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY[i, NULL], '2026-01-31',"
                        + " (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1, 300) g)"
                        + " FROM generate_series(1, 3) i, generate_series(1, 2)"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u8").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.typed", "typed").start()) {
            upstream(c -> Upstream.execute(c, "UPDATE typed SET d = d + 1 WHERE ctid = (SELECT min(ctid) FROM typed)",
                    "DELETE FROM typed WHERE ctid = (SELECT max(ctid) FROM typed)",
                    "UPDATE typed SET j = '[1]', f = 'NaN' WHERE a[1] = 2",
                    "INSERT INTO typed (j, ts) VALUES ('null', 'infinity')"));
            awaitEqual("typed", "typed");
            assertThat(source.tableStatus("typed")).isEqualTo(SourceStatus.RUNNING);
            source.drop();
        }
    }

    /** Materialize ingests json as jsonb: the replica column is jsonb (normalized text), also after a restart. */
    @Test
    void jsonIsIngestedAsJsonb() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE docs(id int, doc json)", "ALTER TABLE docs REPLICA IDENTITY"
                + " FULL", "INSERT INTO docs VALUES (1, '{\"b\": 2,   \"a\": 1}'), (2, '[1,  2]')"));
        PostgresSourceIngestion.Builder builder = PostgresSourceIngestion.builder("u9").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.docs", "docs");
        try (PostgresSourceIngestion source = builder.start()) {
            try (Connection c = backing.open()) {
                assertThat(Upstream.column(c, "SELECT pg_typeof(doc)::text || ' ' || doc::text FROM docs ORDER BY id"))
                        .containsExactly("jsonb {\"a\": 1, \"b\": 2}", "jsonb [1, 2]");
            }
            upstream(c -> Upstream.execute(c, "UPDATE docs SET id = 10 WHERE id = 1"));
            awaitRows("docs", "SELECT id || ' ' || doc::text FROM docs ORDER BY id", "2 [1, 2]",
                    "10 {\"a\": 1, \"b\": 2}");
        }
        try (PostgresSourceIngestion resumed = builder.start()) {
            upstream(c -> Upstream.execute(c, "DELETE FROM docs WHERE id = 2", "INSERT INTO docs VALUES (3, '{}')"));
            awaitRows("docs", "SELECT id || ' ' || doc::text FROM docs ORDER BY id", "3 {}",
                    "10 {\"a\": 1, \"b\": 2}");
            assertThat(resumed.tableStatus("docs")).as("json upstream, jsonb replica: compatible").isEqualTo(
                    SourceStatus.RUNNING);
            resumed.drop();
        }
    }

    /**
     * Values of several MB are stored out of line (TOASTed): an update of another column sends them as "unchanged"
     * in the new row, and the replica must keep them; an update of the value itself replaces it.
     */
    @Test
    void largeToastedValuesSurviveUpdatesOfOtherColumns() throws Exception {
        upstream(c -> Upstream.execute(c, "CREATE TABLE blobs(id int, small int, big text)",
                "ALTER TABLE blobs REPLICA IDENTITY FULL",
                "INSERT INTO blobs SELECT i, 0, (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1,"
                        + " 150000) g) FROM generate_series(1, 2) i"));
        try (PostgresSourceIngestion source = PostgresSourceIngestion.builder("u10").upstream(upstream)
                .publication("mz_source").backing(backing).table("public.blobs", "blobs").start()) {
            upstream(c -> Upstream.execute(c, "UPDATE blobs SET small = small + 1",
                    "UPDATE blobs SET big = big || 'tail' WHERE id = 2", "UPDATE blobs SET small = 5 WHERE id = 1"));
            awaitEqual("blobs", "blobs");
            try (Connection c = backing.open()) {
                assertThat(Upstream.column(c, "SELECT id || ':' || small || ':' || length(big) FROM blobs ORDER BY id"))
                        .containsExactly("1:5:4800000", "2:1:4800004");
            }
            assertThat(source.tableStatus("blobs")).isEqualTo(SourceStatus.RUNNING);
            source.drop();
        }
    }

    private void awaitRows(String table, String query, String... expected) {
        await("backing " + table + " shows " + java.util.Arrays.toString(expected)).atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    try (Connection c = backing.open()) {
                        return Upstream.column(c, query).equals(java.util.List.of(expected));
                    }
                });
    }

    private String slotActive(String slot) throws SQLException {
        try (Connection c = upstream.connect()) {
            return Upstream.single(c, "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        }
    }

    private java.util.List<String> slots() throws SQLException {
        try (Connection c = upstream.connect()) {
            return Upstream.column(c, "SELECT slot_name FROM pg_replication_slots");
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
