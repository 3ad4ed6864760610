package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Begin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Column;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Commit;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Delete;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Insert;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldKind;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldTuple;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Relation;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Truncate;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.TupleData;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Update;
import dev.ingestrunbooks.postgres.pgoutput.TupleValue;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The apply layer alone, fed with decoded messages against a real backing PostgreSQL: a transaction already
 * committed (a replay after a crash before the acknowledgement) is skipped, duplicates lose exactly one row, an
 * unchanged-TOAST new value keeps the old one, and nothing is visible before Commit; grouped upstream transactions
 * commit, and roll back, together with their progress.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeApplierTest {

    private static final int OID = 16384;
    private static final Relation RELATION = new Relation(OID, "public", "t", 'f',
            List.of(new Column(true, "id", 23, -1), new Column(true, "doc", 25, -1)));
    private EmbeddedPostgresServer server;
    private Connection connection;
    private ChangeApplier applier;
    private final ProgressStore progress = new ProgressStore("a1");

    @BeforeAll
    void start() throws SQLException {
        server = EmbeddedPostgresServer.inTemporaryDirectory("mz-apply", PostgresVersion.requestedMajor());
        server.start(Map.of());
        try (Connection c = server.connect("postgres")) {
            ProgressStore.createSchema(c);
            progress.insertSource(c, "slot", "pub", Lsn.parse("0/100"));
        }
        UpstreamTable table = new UpstreamTable("public", "t", OID, List.of(
                new UpstreamColumn("id", 1, 23, -1, "integer", false), new UpstreamColumn("doc", 2, 25, -1, "text", false)));
        IngestTable ingest = new IngestTable(table, new TableMapping("public.t", "t_mz"), Lsn.parse("0/50"));
        try (Connection c = server.connect("postgres")) {
            ingest.writer.createTable(c);
            ingest.writer.createIndex(c);
            Upstream.execute(c, "INSERT INTO t_mz VALUES (1, 'dup'), (1, 'dup'), (2, 'big')");
        }
        connection = server.connect("postgres");
        applier = new ChangeApplier(connection, progress, Map.of(OID, ingest), new StatisticsCounters(),
                Lsn.parse("0/100"));
    }

    @AfterAll
    void stop() throws SQLException {
        applier.close();
        connection.close();
        server.close();
    }

    @Test
    void appliesOnlyNewTransactionsAtomically() throws SQLException {
        // replayed: commit LSN 0/80 < committed 0/100
        transaction("0/80", "0/90", insert(7, "replayed"));
        assertThat(rows()).containsExactly("1:dup", "1:dup", "2:big");

        apply(new Begin(Lsn.parse("0/200"), Instant.EPOCH, 1));
        apply(RELATION);
        apply(new Delete(OID, new OldTuple(OldKind.OLD_ROW, tuple(TupleValue.text("1"), TupleValue.text("dup")))));
        apply(new Update(OID, Optional.of(new OldTuple(OldKind.OLD_ROW,
                tuple(TupleValue.text("2"), TupleValue.text("big")))), tuple(TupleValue.text("3"),
                TupleValue.UNCHANGED_TOAST)));
        assertThat(rows()).as("nothing visible before Commit").containsExactly("1:dup", "1:dup", "2:big");
        assertThat(apply(new Commit(0, Lsn.parse("0/200"), Lsn.parse("0/210"), Instant.EPOCH)))
                .contains(Lsn.parse("0/210"));
        assertThat(rows()).containsExactly("1:dup", "3:big");
        try (Connection c = server.connect("postgres")) {
            assertThat(progress.load(c).orElseThrow().committed()).isEqualTo(Lsn.parse("0/210"));
        }
    }

    @Test
    void groupedTransactionsCommitTogetherAndRollBackTogether() throws SQLException {
        int oid = 16385;
        Relation relation = relation(oid, "g");
        ProgressStore groupProgress = new ProgressStore("a2");
        IngestTable table = table(oid, "g");
        try (Connection setup = server.connect("postgres"); Connection c = server.connect("postgres")) {
            prepare(setup, groupProgress, "slot2", table);
            try (ChangeApplier grouped = new ChangeApplier(c, groupProgress, Map.of(oid, table),
                    new StatisticsCounters(), Lsn.parse("0/100"),
                    new ApplyGrouping(1_000, 60_000, true, ApplyGrouping.FLUSH_ROWS))) {
                // one key inserted, updated twice and deleted in one transaction leaves nothing; a key change moves
                assertThat(run(grouped, relation, "0/300", "0/310", insert(oid, 5, "a"), update(oid, 5, "a", 6, "b"),
                        update(oid, 6, "b", 6, "c"), delete(oid, 6, "c"), insert(oid, 7, "x"), update(oid, 7, "x", 8, "x")))
                        .as("held back").isEmpty();
                assertThat(run(grouped, relation, "0/400", "0/410", insert(oid, 9, "it's"))).isEmpty();
                assertThat(rows("g_mz")).as("nothing visible before the group commits").isEmpty();
                assertThat(grouped.committed()).isEqualTo(Lsn.parse("0/100"));
                assertThat(grouped.commitPending()).contains(Lsn.parse("0/410"));
                assertThat(rows("g_mz")).containsExactly("8:x", "9:it's");
                assertThat(groupProgress.load(setup).orElseThrow().committed()).isEqualTo(Lsn.parse("0/410"));

                // a held-back transaction and a failing one (its row does not exist) roll back together
                assertThat(run(grouped, relation, "0/500", "0/510", insert(oid, 10, "lost"))).isEmpty();
                assertThat(run(grouped, relation, "0/600", "0/610", delete(oid, 99, "missing"))).isEmpty();
                assertThatThrownBy(grouped::commitPending)
                        .hasMessageContaining("1 of 1 rows to update or delete were not found");
                assertThat(grouped.committed()).isEqualTo(Lsn.parse("0/410"));
                assertThat(rows("g_mz")).containsExactly("8:x", "9:it's");
                assertThat(groupProgress.load(setup).orElseThrow().committed()).isEqualTo(Lsn.parse("0/410"));
            }
        }
    }

    @Test
    void largeGroupingCommitsOnlyByAgeAndFlushesInsideTheOpenTransaction() throws SQLException {
        int oid = 16386;
        Relation relation = relation(oid, "l");
        ProgressStore largeProgress = new ProgressStore("a3");
        IngestTable table = table(oid, "l");
        try (Connection setup = server.connect("postgres"); Connection c = server.connect("postgres")) {
            prepare(setup, largeProgress, "slot3", table);
            try (ChangeApplier large = new ChangeApplier(c, largeProgress, Map.of(oid, table),
                    new StatisticsCounters(), Lsn.parse("0/100"), ApplyGrouping.large(300, 2))) {
                // five changes with a flush every two: written inside the open backing transaction, invisible outside
                assertThat(run(large, relation, "0/300", "0/310", insert(oid, 1, "a"), insert(oid, 2, "b"),
                        update(oid, 1, "a", 3, "a"), insert(oid, 4, "d"), delete(oid, 2, "b"))).isEmpty();
                assertThat(large.commitIdle()).as("a young group is not committed when idle").isEmpty();
                assertThat(rows("l_mz")).isEmpty();
                await("the group commits once it is older than 300 ms").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20)).until(() -> large.commitIdle().isPresent());
                assertThat(large.committed()).isEqualTo(Lsn.parse("0/310"));
                assertThat(rows("l_mz")).containsExactly("3:a", "4:d");
                assertThat(largeProgress.load(setup).orElseThrow().committed()).isEqualTo(Lsn.parse("0/310"));
            }
        }
    }

    /**
     * A COMMIT that fails after a TRUNCATE put the table in its error leaves the table healthy in memory, as it is
     * in the backing; the replay of the same transaction (what a restart streams) then stores and shows the error.
     * Marking the table first would have made the replay skip the TRUNCATE, so the error would never be stored.
     */
    @Test
    void aTablesErrorShowsOnlyOnceTheTransactionStoringItHasCommitted() throws SQLException {
        int oid = 16387;
        Relation relation = relation(oid, "e");
        ProgressStore errorProgress = new ProgressStore("a4");
        IngestTable table = table(oid, "e");
        try (Connection setup = server.connect("postgres"); Connection c = server.connect("postgres")) {
            prepare(setup, errorProgress, "slot4", table);
            errorProgress.insertTable(setup, table.upstream, table.mapping, Lsn.parse("0/50"));
            // the backing refuses this COMMIT: a deferred constraint trigger on the progress row raises at commit
            Upstream.execute(setup, "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$BEGIN RAISE EXCEPTION 'commit refused for the test'; END$$",
                    "CREATE CONSTRAINT TRIGGER refuse_commit AFTER UPDATE ON " + ProgressStore.SOURCES
                            + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.source_id = 'a4')"
                            + " EXECUTE FUNCTION refuse_commit()");
            try (ChangeApplier applier = new ChangeApplier(c, errorProgress, Map.of(oid, table),
                    new StatisticsCounters(), Lsn.parse("0/100"))) {
                try {
                    assertThatThrownBy(() -> run(applier, relation, "0/700", "0/710", insert(oid, 1, "a"),
                            new Truncate(0, List.of(oid)))).hasMessageContaining("commit refused for the test");
                } finally {
                    Upstream.execute(setup, "DROP TRIGGER refuse_commit ON " + ProgressStore.SOURCES,
                            "DROP FUNCTION refuse_commit()");
                }
                assertThat(table.failed()).as("the error did not commit").isFalse();
                assertThat(error(setup, "a4")).isNull();

                assertThat(run(applier, relation, "0/700", "0/710", insert(oid, 1, "a"), new Truncate(0, List.of(oid))))
                        .contains(Lsn.parse("0/710"));
                assertThat(table.failed()).isTrue();
                assertThat(table.status().error()).hasValue("postgres: table was truncated");
                assertThat(error(setup, "a4")).isEqualTo("postgres: table was truncated");
                assertThat(rows("e_mz")).as("what was staged before the TRUNCATE").containsExactly("1:a");
            }
        }
    }

    private static String error(Connection c, String sourceId) throws SQLException {
        return Upstream.column(c, "SELECT coalesce(error, 'null') FROM " + ProgressStore.TABLES
                + " WHERE source_id = '" + sourceId + "'").stream().findFirst().filter(e -> !e.equals("null"))
                .orElse(null);
    }

    /** A source's progress row at 0/100, and the table's backing table with its matching index. */
    private static void prepare(Connection setup, ProgressStore progress, String slot, IngestTable table)
            throws SQLException {
        progress.insertSource(setup, slot, "pub", Lsn.parse("0/100"));
        table.writer.createTable(setup);
        table.writer.createIndex(setup);
    }

    /** A Relation message for {@code public.<name> (id integer, doc text)}. */
    private static Relation relation(int oid, String name) {
        return new Relation(oid, "public", name, 'f',
                List.of(new Column(true, "id", 23, -1), new Column(true, "doc", 25, -1)));
    }

    /** {@code public.<name> (id integer, doc text)} ingested into {@code <name>_mz}, snapshot at 0/50. */
    private static IngestTable table(int oid, String name) {
        return new IngestTable(new UpstreamTable("public", name, oid, List.of(
                new UpstreamColumn("id", 1, 23, -1, "integer", false),
                new UpstreamColumn("doc", 2, 25, -1, "text", false))),
                new TableMapping("public." + name, name + "_mz"), Lsn.parse("0/50"));
    }

    private static Optional<Lsn> run(ChangeApplier applier, Relation relation, String commit, String end,
            dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage... changes) throws SQLException {
        applier.apply(new Begin(Lsn.parse(commit), Instant.EPOCH, 1));
        applier.apply(relation);
        for (var change : changes) {
            applier.apply(change);
        }
        return applier.apply(new Commit(0, Lsn.parse(commit), Lsn.parse(end), Instant.EPOCH));
    }

    private static Insert insert(int oid, int id, String doc) {
        return new Insert(oid, tuple(TupleValue.text(Integer.toString(id)), TupleValue.text(doc)));
    }

    private static Update update(int oid, int oldId, String oldDoc, int id, String doc) {
        return new Update(oid, Optional.of(new OldTuple(OldKind.OLD_ROW, tuple(TupleValue.text(Integer.toString(oldId)),
                TupleValue.text(oldDoc)))), tuple(TupleValue.text(Integer.toString(id)), TupleValue.text(doc)));
    }

    private static Delete delete(int oid, int id, String doc) {
        return new Delete(oid, new OldTuple(OldKind.OLD_ROW, tuple(TupleValue.text(Integer.toString(id)),
                TupleValue.text(doc))));
    }

    private List<String> rows(String table) throws SQLException {
        try (Connection c = server.connect("postgres")) {
            return Upstream.column(c, "SELECT id || ':' || doc FROM " + table + " ORDER BY 1");
        }
    }

    private void transaction(String commit, String end, Insert insert) throws SQLException {
        apply(new Begin(Lsn.parse(commit), Instant.EPOCH, 1));
        apply(RELATION);
        apply(insert);
        assertThat(apply(new Commit(0, Lsn.parse(commit), Lsn.parse(end), Instant.EPOCH))).isEmpty();
    }

    private static Insert insert(int id, String doc) {
        return new Insert(OID, tuple(TupleValue.text(Integer.toString(id)), TupleValue.text(doc)));
    }

    private static TupleData tuple(TupleValue... values) {
        return new TupleData(List.of(values));
    }

    private Optional<Lsn> apply(dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage m)
            throws SQLException {
        return applier.apply(m);
    }

    private List<String> rows() throws SQLException {
        try (Connection c = server.connect("postgres")) {
            return Upstream.column(c, "SELECT id || ':' || doc FROM t_mz ORDER BY 1");
        }
    }
}
