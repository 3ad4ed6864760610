package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Black-box: subsources in other schemas of the {@code materialize} database (docs/materialize.md §2.6, §2.14), after
 * Materialize's {@code test/pg-cdc/subsource-names.td} and {@code two-destination-schemas.td}: CREATE/DROP SCHEMA,
 * {@code FOR TABLES (t AS s.t)}, reads of {@code s.t}, names unique per schema, SHOW … FROM, {@code mz_sources
 * .schema_id}, drops. One upstream and one emulator for the class; each test uses its own schemas and sources.
 */
class MaterializeSchemasTest extends EmulatorBlackBoxTest {

    @Override
    protected String upstreamName() {
        return "mz-schemas-upstream";
    }

    private static final String PG = " FROM POSTGRES CONNECTION pg (PUBLICATION 'schemas_pub') ";

    @BeforeAll
    void start() throws SQLException {
        upstream("CREATE TABLE t1 (f1 int)", "ALTER TABLE t1 REPLICA IDENTITY FULL", "INSERT INTO t1 VALUES (1)",
                "CREATE TABLE t2 (f1 int)", "ALTER TABLE t2 REPLICA IDENTITY FULL", "INSERT INTO t2 VALUES (2)",
                "CREATE PUBLICATION schemas_pub FOR TABLE t1, t2");
        createConnection("pg", "");
    }

    /**
     * One source, subsource {@code t1} in schema {@code other} and another {@code t1} in {@code public}: both read
     * their own upstream table, a change upstream reaches {@code other.t1}, SHOW and the catalog place each in its
     * schema, and DROP SOURCE … CASCADE removes both.
     */
    @Test
    void subsourcesInTwoSchemasReplicateAndGoWithTheirSource() throws SQLException {
        mz("CREATE SCHEMA other");
        mz("CREATE SOURCE two_src" + PG + "FOR TABLES (public.t1 AS other.t1, public.t2 AS t1)");
        await("other.t1 snapshot").atMost(WAIT).until(() -> rows("SELECT f1 FROM other.t1").equals(List.of("1")));
        assertThat(rows("SELECT f1 FROM t1")).containsExactly("2");
        assertThat(rows("SELECT f1 FROM materialize.public.t1")).containsExactly("2");

        upstream("INSERT INTO t1 VALUES (11)");
        await("change in other.t1").atMost(WAIT).until(() -> rows("SELECT f1 FROM other.t1 ORDER BY f1")
                .equals(List.of("1", "11")));
        assertThat(rows("SELECT f1 FROM t1")).containsExactly("2");

        assertThat(rows("SHOW SOURCES FROM other")).containsExactly("t1|subsource|null|null");
        assertThat(rows("SHOW SOURCES")).contains("two_src|postgres|quickstart|null", "t1|subsource|null|null",
                "two_src_progress|progress|null|null").filteredOn(r -> r.startsWith("t1|")).hasSize(1);
        assertThat(rows("SHOW SUBSOURCES ON two_src")).containsExactlyInAnyOrder("t1|subsource", "t1|subsource",
                "two_src_progress|progress");
        assertThat(rows("SHOW SUBSOURCES FROM other")).containsExactly("t1|subsource");
        assertThat(rows("SELECT s.name, n.name, n.database_id FROM mz_sources s JOIN mz_schemas n"
                + " ON n.id = s.schema_id WHERE s.name = 't1' ORDER BY n.name"))
                .containsExactly("t1|other|u1", "t1|public|u1");
        assertThat(rows("SELECT n.id FROM mz_schemas n WHERE n.name = 'public'")).containsExactly("u3");
        assertThat(rows("SELECT count(*) FROM mz_objects o JOIN mz_schemas n ON n.id = o.schema_id"
                + " WHERE n.name = 'other'")).containsExactly("1");

        mz("DROP SOURCE two_src CASCADE");
        assertThat(rows("SHOW SOURCES FROM other")).isEmpty();
        assertThat(rows("SELECT name FROM mz_sources WHERE name = 't1'")).isEmpty();
        assertThat(error("SELECT * FROM other.t1").getMessage()).isEqualTo("unknown catalog item 'other.t1'");
        mz("DROP SCHEMA other");
        assertThat(rows("SELECT name FROM mz_schemas WHERE name = 'other'")).isEmpty();
    }

    /** Names are unique within a schema, not across schemas; the errors are Materialize's. */
    @Test
    void subsourceNamesAreUniquePerSchema() throws SQLException {
        mz("CREATE SCHEMA dup");
        assertThat(error("CREATE SOURCE dup_a" + PG + "FOR TABLES (public.t1 AS dup.x, public.t2 AS dup.x)")
                .getMessage()).isEqualTo("multiple subsources would be named x");

        mz("CREATE SOURCE dup_a" + PG + "FOR TABLES (public.t1 AS dup.x, public.t2 AS x)");
        assertThat(error("CREATE SOURCE dup_b" + PG + "FOR TABLES (public.t2 AS dup.x)").getMessage())
                .isEqualTo("source \"materialize.dup.x\" already exists");
        await("both x").atMost(WAIT).until(() -> rows("SELECT f1 FROM dup.x").equals(List.of("1"))
                && rows("SELECT f1 FROM x").equals(List.of("2")));

        assertThat(error("DROP SCHEMA dup").getMessage())
                .isEqualTo("schema 'dup' cannot be dropped without CASCADE while it contains objects");
        mz("DROP SCHEMA dup CASCADE");
        assertThat(rows("SHOW SUBSOURCES ON dup_a")).containsExactlyInAnyOrder("x|subsource",
                "dup_a_progress|progress");
        assertThat(rows("SELECT f1 FROM x")).containsExactly("2");
        assertThatThrownBy(() -> rows("SELECT f1 FROM dup.x")).isInstanceOf(PSQLException.class);
        assertThat(rows("SELECT name FROM mz_schemas WHERE name = 'dup'")).isEmpty();

        upstream("INSERT INTO t2 VALUES (22)");
        await("public x still streams").atMost(WAIT).until(() -> rows("SELECT f1 FROM x ORDER BY f1")
                .equals(List.of("2", "22")));
        mz("DROP SOURCE dup_a CASCADE");
        upstream("DELETE FROM t2 WHERE f1 = 22");
    }

    /** CREATE/DROP SCHEMA and qualified names in DROP and SHOW: unknown and existing schemas. */
    @Test
    void schemaDdlUsesMaterializesTexts() throws SQLException {
        mz("CREATE SCHEMA ddl_s");
        assertThat(error("CREATE SCHEMA ddl_s").getMessage()).isEqualTo("schema 'ddl_s' already exists");
        assertThat(error("CREATE SCHEMA public").getMessage()).isEqualTo("schema 'public' already exists");
        mz("CREATE SCHEMA IF NOT EXISTS ddl_s");
        assertThat(rows("SELECT count(*) FROM mz_schemas WHERE name = 'ddl_s' AND id LIKE 'u%'"))
                .containsExactly("1");

        assertThat(error("DROP SOURCE nosuch.x").getMessage()).isEqualTo("unknown schema 'nosuch'");
        assertThat(error("SHOW SOURCES FROM nosuch").getMessage()).isEqualTo("unknown schema 'nosuch'");
        assertThat(error("DROP SOURCE ddl_s.x").getMessage()).isEqualTo("unknown catalog item 'ddl_s.x'");
        mz("DROP SOURCE IF EXISTS nosuch.x");
        assertThat(error("DROP SCHEMA nosuch").getMessage()).isEqualTo("unknown schema 'nosuch'");
        mz("DROP SCHEMA IF EXISTS nosuch");

        assertThat(error("CREATE VIEW ddl_s.v AS SELECT 1").getSQLState()).isEqualTo("0A000");
        assertThat(error("CREATE SECRET ddl_s.pw AS 'x'").getSQLState()).isEqualTo("0A000");
        assertThat(rows("SHOW VIEWS FROM ddl_s")).isEmpty();

        mz("DROP SCHEMA ddl_s");
        mz("CREATE SCHEMA ddl_s");
        mz("DROP SCHEMA ddl_s CASCADE");
    }

    /**
     * {@code CREATE SOURCE foo.src}: the source, its progress collection and its unqualified subsources live in
     * {@code foo}, a qualified one where it says (Materialize's {@code subsource-names.td}).
     */
    @Test
    void sourceInASchemaKeepsItsUnqualifiedSubsourcesThere() throws SQLException {
        mz("CREATE SCHEMA foo", "CREATE SCHEMA bar");
        mz("CREATE SOURCE foo.names_src" + PG + "FOR TABLES (public.t1 AS table1, public.t2 AS bar.table2)");
        await("foo.table1").atMost(WAIT).until(() -> rows("SELECT f1 FROM foo.table1 ORDER BY f1").contains("1"));
        assertThat(rows("SELECT f1 FROM bar.table2 ORDER BY f1")).contains("2");
        assertThat(error("SELECT * FROM table1").getMessage()).contains("unknown");
        assertThat(error("SELECT * FROM foo.table2").getMessage()).contains("unknown");
        assertThat(rows("SHOW SOURCES FROM foo")).containsExactlyInAnyOrder("names_src|postgres|quickstart|null",
                "names_src_progress|progress|null|null", "table1|subsource|null|null");
        assertThat(rows("SHOW SOURCES")).noneMatch(r -> r.startsWith("names_src") || r.startsWith("table"));
        assertThat(rows("SHOW SUBSOURCES ON foo.names_src")).containsExactlyInAnyOrder("table1|subsource",
                "table2|subsource", "names_src_progress|progress");
        await("progress row").atMost(WAIT).until(() -> rows("SELECT lsn FROM foo.names_src_progress").size() == 1);
        assertThat(error("DROP SOURCE names_src").getMessage()).isEqualTo("unknown catalog item 'names_src'");

        mz("DROP SOURCE foo.names_src CASCADE");
        assertThat(rows("SHOW SOURCES FROM foo")).isEmpty();
        assertThat(rows("SHOW SOURCES FROM bar")).isEmpty();
        mz("DROP SCHEMA foo", "DROP SCHEMA bar");
    }

    /** ALTER SOURCE … ADD SUBSOURCE may put the new subsource into another schema too. */
    @Test
    void addedSubsourceMayGoToAnotherSchema() throws SQLException {
        mz("CREATE SCHEMA added");
        mz("CREATE SOURCE add_src" + PG + "FOR TABLES (public.t1 AS add_t1)");
        await("add_t1").atMost(WAIT).until(() -> rows("SELECT f1 FROM add_t1 ORDER BY f1").contains("1"));
        mz("ALTER SOURCE add_src ADD SUBSOURCE public.t2 AS added.t2");
        assertThat(rows("SELECT f1 FROM added.t2")).containsExactly("2");
        assertThat(rows("SHOW SUBSOURCES FROM added")).containsExactly("t2|subsource");
        mz("DROP SOURCE added.t2");
        assertThat(rows("SHOW SUBSOURCES ON add_src")).containsExactlyInAnyOrder("add_t1|subsource",
                "add_src_progress|progress");
        mz("DROP SOURCE add_src CASCADE", "DROP SCHEMA added");
    }


    /**
     * Namesakes stay apart: subsource {@code x} in {@code public} errors (its upstream table truncated) while
     * {@code guard.x} keeps serving reads, and each view depends on, and fails with, only the {@code x} it names.
     */
    @Test
    void anErrorOfOneSubsourceDoesNotFailItsNamesakeInAnotherSchema() throws SQLException {
        upstream("CREATE TABLE s1 (f1 int)", "ALTER TABLE s1 REPLICA IDENTITY FULL", "INSERT INTO s1 VALUES (1)",
                "CREATE TABLE s2 (f1 int)", "ALTER TABLE s2 REPLICA IDENTITY FULL", "INSERT INTO s2 VALUES (2)",
                "CREATE PUBLICATION guard_pub FOR TABLE s1, s2");
        mz("CREATE SCHEMA guard", "CREATE SOURCE guard_src FROM POSTGRES CONNECTION pg (PUBLICATION 'guard_pub')"
                + " FOR TABLES (public.s1 AS guard.x, public.s2 AS x)");
        await("both subsources snapshotted").atMost(WAIT).until(() ->
                rows("SELECT f1 FROM guard.x").equals(List.of("1")) && rows("SELECT f1 FROM x").equals(List.of("2")));
        mz("CREATE VIEW guard_view AS SELECT f1 FROM materialize.guard.x", "CREATE VIEW public_view AS SELECT f1 FROM x");
        assertThat(rows("SELECT o.name FROM mz_internal.mz_object_dependencies d JOIN mz_objects o"
                + " ON o.id = d.referenced_object_id JOIN mz_views v ON v.id = d.object_id"
                + " WHERE v.name = 'guard_view'")).containsExactly("x");
        assertThat(rows("SELECT d.referenced_object_id = (SELECT s.id FROM mz_sources s JOIN mz_schemas n"
                + " ON n.id = s.schema_id WHERE n.name = 'guard' AND s.name = 'x') FROM mz_internal.mz_object_dependencies d"
                + " JOIN mz_views v ON v.id = d.object_id WHERE v.name = 'guard_view'")).containsExactly("t");

        upstream("TRUNCATE s2");
        await("public's x errors").atMost(WAIT).until(() -> failsWithSourceError("SELECT f1 FROM x"));
        assertThat(failsWithSourceError("SELECT * FROM public_view")).isTrue();
        assertThat(rows("SELECT f1 FROM guard.x")).containsExactly("1");
        assertThat(rows("SELECT * FROM guard_view")).containsExactly("1");
        assertThat(rows("SELECT f1 FROM materialize.guard.x")).containsExactly("1");
        mz("DROP VIEW guard_view", "DROP VIEW public_view", "DROP SOURCE guard_src CASCADE", "DROP SCHEMA guard");
    }

    private boolean failsWithSourceError(String sql) {
        try {
            rows(sql);
            return false;
        } catch (SQLException e) {
            return e.getMessage().contains("Source error");
        }
    }
}
