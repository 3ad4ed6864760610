package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Black-box: source DDL and catalog fidelity of the sandbox Materialize against a real upstream (docs/materialize.md
 * §2.6, §4.2, §4.3), ported from the shapes of Materialize's {@code test/pg-cdc} scripts: the progress collection,
 * subsource name and TEXT COLUMNS conflicts, missing privileges, a column dropped and re-added upstream. One
 * upstream and one emulator for the class; each test uses its own tables, publication and source.
 */
class MaterializeSourceDdlTest extends EmulatorBlackBoxTest {

    @Override
    protected String upstreamName() {
        return "mz-ddl-upstream";
    }

    @BeforeAll
    void start() throws SQLException {
        upstream("CREATE SCHEMA a", "CREATE SCHEMA b",
                "CREATE TABLE a.t (f1 int)", "CREATE TABLE b.t (f1 int)",
                "CREATE TABLE prog (id int PRIMARY KEY, v text)",
                "CREATE TABLE readd (id int, c int)", "INSERT INTO readd VALUES (1, 10)",
                "CREATE TABLE secret (id int)");
        for (String t : List.of("a.t", "b.t", "prog", "readd", "secret")) {
            upstream("ALTER TABLE " + t + " REPLICA IDENTITY FULL");
        }
        upstream("CREATE PUBLICATION dup_pub FOR TABLE a.t, b.t", "CREATE PUBLICATION prog_pub FOR TABLE prog",
                "CREATE PUBLICATION readd_pub FOR TABLE readd", "CREATE PUBLICATION secret_pub FOR TABLE secret");
        createConnection("pg", "");
    }

    /** The progress collection holds the committed upstream LSN as a number and moves on with each commit. */
    @Test
    void progressCollectionShowsTheCommittedLsnAndGoesWithItsSource() throws SQLException {
        mz("CREATE SOURCE prog_src FROM POSTGRES CONNECTION pg (PUBLICATION 'prog_pub') FOR ALL TABLES"
                + " EXPOSE PROGRESS AS prog_lsn");
        assertThat(rows("SHOW SUBSOURCES ON prog_src")).containsExactlyInAnyOrder("prog|subsource",
                "prog_lsn|progress");
        assertThat(rows("SHOW SOURCES")).contains("prog_lsn|progress|null|null");
        await("progress row").atMost(WAIT).until(() -> rows("SELECT lsn FROM prog_lsn").size() == 1);
        BigInteger before = new BigInteger(rows("SELECT lsn FROM prog_lsn").get(0));
        assertThat(before).isPositive();

        upstream("INSERT INTO prog VALUES (1, 'one')");
        String insertedUpTo = upstreamRows("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn").get(0);
        await("progress moves past the insert").atMost(WAIT).until(() ->
                new BigInteger(rows("SELECT lsn FROM prog_lsn").get(0)).compareTo(new BigInteger(insertedUpTo)) >= 0);
        assertThat(rows("SELECT v FROM prog")).containsExactly("one");
        assertThat(rows("SELECT lsn FROM prog_lsn")).singleElement().isEqualTo(
                rows("SELECT offset_committed FROM mz_internal.mz_source_statistics s JOIN mz_sources m"
                        + " ON s.id = m.id WHERE m.name = 'prog_src'").get(0));

        mz("DROP SOURCE prog_src CASCADE");
        assertThat(rows("SHOW SOURCES")).noneMatch(r -> r.startsWith("prog"));
        assertThatThrownBy(() -> rows("SELECT lsn FROM prog_lsn")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("unknown catalog item 'prog_lsn'"));
    }

    /** Two tables that would both become subsource {@code t}, and one table named twice. */
    @Test
    void duplicateSubsourceNamesAndReferencesUseMaterializesTexts() {
        ServerErrorMessage sameName = error("CREATE SOURCE dup_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'dup_pub') FOR TABLES (a.t, b.t)");
        assertThat(sameName.getMessage()).isEqualTo("multiple subsources would be named t");
        assertThat(sameName.getDetail()).isEqualTo("referenced tables with duplicate name: postgres.a.t, postgres.b.t");

        ServerErrorMessage allTables = error("CREATE SOURCE dup_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'dup_pub') FOR ALL TABLES");
        assertThat(allTables.getMessage()).isEqualTo("multiple subsources would be named t");

        ServerErrorMessage sameTable = error("CREATE SOURCE dup_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'dup_pub') FOR TABLES (a.t AS x, a.t AS y)");
        assertThat(sameTable.getMessage()).isEqualTo("multiple subsources refer to table postgres.a.t");
        assertThat(sameTable.getDetail()).isEqualTo("subsources referencing table: x, y");

        ServerErrorMessage taken = error("CREATE SOURCE dup_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'dup_pub') FOR TABLES (a.t AS pgpass)");
        assertThat(taken.getMessage()).isEqualTo("secret \"materialize.public.pgpass\" already exists");
    }

    /** FOR TABLES (t AS s.x): an unknown target schema is Materialize's catalog error. */
    @Test
    void subsourceInAnUnknownSchemaIsRefused() {
        ServerErrorMessage e = error("CREATE SOURCE schema_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'readd_pub') FOR TABLES (public.readd AS nosuch.readd)");
        assertThat(e.getMessage()).isEqualTo("unknown schema 'nosuch'");
    }

    /** TEXT COLUMNS naming one column twice. */
    @Test
    void duplicateTextColumnsAreRefused() {
        ServerErrorMessage e = error("CREATE SOURCE text_src FROM POSTGRES CONNECTION pg"
                + " (PUBLICATION 'readd_pub', TEXT COLUMNS (readd.c, readd.c)) FOR TABLES (readd AS readd_text)");
        assertThat(e.getMessage()).isEqualTo(
                "invalid TEXT COLUMNS option value: unexpected multiple references to postgres.public.readd.c");
    }

    /** A user without SELECT on a published table, and one without REPLICATION. */
    @Test
    void missingPrivilegesUseMaterializesTexts() throws SQLException {
        upstream("CREATE USER nosel PASSWORD 'nosel' REPLICATION", "GRANT USAGE ON SCHEMA public TO nosel",
                "CREATE USER norepl PASSWORD 'norepl'", "GRANT USAGE ON SCHEMA public TO norepl",
                "GRANT SELECT ON secret TO norepl");
        mz("CREATE SECRET nosel_pw AS 'nosel'", "CREATE SECRET norepl_pw AS 'norepl'",
                "CREATE CONNECTION pg_nosel TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER 'nosel', PASSWORD SECRET nosel_pw, DATABASE 'postgres')",
                "CREATE CONNECTION pg_norepl TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER 'norepl', PASSWORD SECRET norepl_pw, DATABASE 'postgres')");
        ServerErrorMessage noSelect = error("CREATE SOURCE priv_src FROM POSTGRES CONNECTION pg_nosel"
                + " (PUBLICATION 'secret_pub') FOR ALL TABLES");
        assertThat(noSelect.getMessage()).isEqualTo("failed to connect to PostgreSQL database");
        assertThat(noSelect.getDetail()).isEqualTo("user nosel lacks SELECT privileges for tables public.secret");

        ServerErrorMessage noReplication = error("CREATE SOURCE priv_src FROM POSTGRES CONNECTION pg_norepl"
                + " (PUBLICATION 'secret_pub') FOR ALL TABLES");
        assertThat(noReplication.getMessage()).isEqualTo("failed to connect to PostgreSQL database");
        assertThat(noReplication.getDetail()).startsWith("db error: FATAL: ")
                .containsAnyOf("permission denied to start WAL sender",
                        "must be superuser or replication role to start walsender");
    }

    /** A column dropped and re-added with the same name and type is an incompatible change on the next change. */
    @Test
    void columnDroppedAndReaddedUpstreamErrorsTheSubsource() throws SQLException {
        mz("CREATE SOURCE readd_src FROM POSTGRES CONNECTION pg (PUBLICATION 'readd_pub') FOR ALL TABLES");
        await("snapshot").atMost(WAIT).ignoreExceptions().until(() -> rows("SELECT id, c FROM readd")
                .equals(List.of("1|10")));
        upstream("INSERT INTO readd VALUES (2, 20)");
        await("insert").atMost(WAIT).until(() -> rows("SELECT count(*) FROM readd").equals(List.of("2")));

        upstream("ALTER TABLE readd DROP COLUMN c", "ALTER TABLE readd ADD COLUMN c int",
                "INSERT INTO readd VALUES (3, 30)");
        String expected = "incompatible schema change on public.readd: column \"c\" changed position upstream"
                + " (the column or table was likely dropped and recreated)";
        await("status").atMost(WAIT).until(() -> rows("SELECT status, error FROM mz_internal.mz_source_statuses"
                + " WHERE name = 'readd'").equals(List.of("ceased|postgres: " + expected)));
        assertThatThrownBy(() -> rows("SELECT * FROM readd")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                        "Source error: source must be dropped and recreated due to failure: " + expected));
        mz("DROP SOURCE readd_src CASCADE");
    }

}
