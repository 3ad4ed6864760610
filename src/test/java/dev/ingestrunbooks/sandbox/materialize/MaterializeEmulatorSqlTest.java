package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.ConnectionAttempt;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * Black-box through pgJDBC: a source's life after CREATE SOURCE — ALTER SOURCE … ADD SUBSOURCE, DROP SOURCE of a
 * subsource, reads of a subsource in the error state — views, materialized views and indexes with their catalog
 * rows, VALIDATE CONNECTION and the egress address, against a sandbox RDS instance whose front proxy records the
 * source address of every client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaterializeEmulatorSqlTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = Credentials.generatePassword();
    private static final String EGRESS = "127.0.0.3";
    private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();
    private RdsPostgresInstance rds;
    private MaterializeEmulator mz;

    @BeforeAll
    void start() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-lifecycle-upstream").start();
        rds.reboot(Map.of("rds.logical_replication", "1"));
        rds.setAccessRule(attempt -> {
            attempts.add(attempt);
            return Admission.admit();
        });
        upstream("CREATE TABLE kept(id int PRIMARY KEY, v text)", "ALTER TABLE kept REPLICA IDENTITY FULL",
                "CREATE TABLE doomed(id int PRIMARY KEY)", "ALTER TABLE doomed REPLICA IDENTITY FULL",
                "INSERT INTO kept SELECT i, 'v' || i FROM generate_series(1, 20) i",
                "INSERT INTO doomed SELECT generate_series(1, 5)",
                "CREATE PUBLICATION mz_pub FOR TABLE kept, doomed");
        mz = new MaterializeEmulator().withPassword(PASSWORD).withEgressAddress(EGRESS).start();
        mz("CREATE SECRET pgpass AS '" + rds.masterPassword() + "'",
                "CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres')",
                "CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_pub')"
                        + " FOR TABLES (kept, doomed)");
        await("snapshot").atMost(WAIT).ignoreExceptions()
                .until(() -> rows("SELECT count(*) FROM kept").equals(List.of("20")));
    }

    @AfterAll
    void stop() {
        if (mz != null) {
            mz.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    @Test
    void aReadRightAfterCreateSourceWaitsForTheSnapshotAndTextColumnsIngestAnyType() throws SQLException {
        upstream("CREATE TYPE colour AS ENUM ('red', 'green')",
                "CREATE TABLE painted(id int PRIMARY KEY, colour colour, price money)",
                "ALTER TABLE painted REPLICA IDENTITY FULL",
                "INSERT INTO painted SELECT i, 'red', i FROM generate_series(1, 3000) i",
                "CREATE PUBLICATION painted_pub FOR TABLE painted");
        assertThatThrownBy(() -> mz("CREATE SOURCE painted_src FROM POSTGRES CONNECTION pg_connection"
                + " (PUBLICATION 'painted_pub') FOR ALL TABLES")).hasMessageContaining("unsupported types");
        mz("CREATE SOURCE painted_src FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'painted_pub',"
                + " TEXT COLUMNS (painted.colour, public.painted.price)) FOR ALL TABLES");
        assertThat(rows("SELECT count(*), min(colour), max(price) FROM painted")).as("no waiting by the caller;"
                + " TEXT COLUMNS are text, so max() compares as text").containsExactly("3000|red|$999.00");
        upstream("ALTER TYPE colour ADD VALUE 'blue'");
        upstream("UPDATE painted SET colour = 'blue' WHERE id = 1");
        await("a new enum value, as text").atMost(WAIT)
                .until(() -> rows("SELECT colour FROM painted WHERE id = 1"), r -> r.equals(List.of("blue")));
        mz("DROP SOURCE painted_src CASCADE");
    }

    @Test
    void readingATruncatedSubsourceFailsWithMaterializesSourceError() throws SQLException {
        upstream("CREATE TABLE trunc_me(id int PRIMARY KEY)", "ALTER TABLE trunc_me REPLICA IDENTITY FULL",
                "INSERT INTO trunc_me VALUES (1), (2)", "ALTER PUBLICATION mz_pub ADD TABLE trunc_me");
        mz("ALTER SOURCE mz_source ADD SUBSOURCE trunc_me",
                "CREATE VIEW trunc_view AS SELECT id FROM trunc_me",
                "CREATE MATERIALIZED VIEW trunc_mv AS SELECT count(*) AS n FROM trunc_view");
        assertThat(rows("SELECT count(*) FROM trunc_me")).containsExactly("2");
        assertThat(rows("SELECT n FROM trunc_mv")).containsExactly("2");

        upstream("TRUNCATE trunc_me");
        await("truncation seen").atMost(WAIT).until(() -> rows("SELECT status FROM mz_internal.mz_source_statuses"
                + " WHERE name = 'trunc_me'").equals(List.of("stalled")));
        for (String query : List.of("SELECT * FROM trunc_me", "SELECT count(*) FROM public.trunc_me t JOIN kept"
                + " USING (id)", "SELECT * FROM trunc_view", "SELECT n FROM trunc_mv")) {
            assertThatThrownBy(() -> rows(query)).isInstanceOfSatisfying(PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("XX000");
                assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                        "Source error: source must be dropped and recreated due to failure: table was truncated");
            });
        }
        assertThat(rows("SELECT count(*) >= 20 FROM kept")).containsExactly("t");

        assertThatThrownBy(() -> mz("DROP SOURCE trunc_me")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("cannot drop source \"trunc_me\": still depended upon by view \"trunc_view\""));
        mz("DROP SOURCE trunc_me CASCADE");
        assertThat(rows("SELECT count(*) FROM mz_objects WHERE name LIKE 'trunc%'")).containsExactly("0");
        mz("ALTER SOURCE mz_source ADD SUBSOURCE trunc_me");
        upstream("INSERT INTO trunc_me VALUES (3)");
        await("re-added subsource streams").atMost(WAIT).until(() -> rows("SELECT id FROM trunc_me")
                .equals(List.of("3")));
    }

    @Test
    void readingASubsourceAfterAnIncompatibleSchemaChangeFails() throws SQLException {
        upstream("CREATE TABLE reshaped(id int PRIMARY KEY, note text)", "ALTER TABLE reshaped REPLICA IDENTITY FULL",
                "INSERT INTO reshaped VALUES (1, 'a')", "ALTER PUBLICATION mz_pub ADD TABLE reshaped");
        mz("ALTER SOURCE mz_source ADD SUBSOURCE reshaped");
        upstream("ALTER TABLE reshaped DROP COLUMN note", "INSERT INTO reshaped VALUES (2)");
        await("schema change seen").atMost(WAIT).until(() -> rows("SELECT status FROM mz_internal.mz_source_statuses"
                + " WHERE name = 'reshaped'").equals(List.of("ceased")));
        assertThatThrownBy(() -> rows("SELECT * FROM reshaped")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("Source error: source must be"
                        + " dropped and recreated due to failure: incompatible schema change on public.reshaped:"
                        + " column \"note\" was dropped or renamed upstream"));
        mz("DROP SOURCE reshaped");
    }

    @Test
    void readingASubsourceOfASourceWhosePublicationWasDroppedFails() throws SQLException {
        upstream("CREATE TABLE orphan(id int PRIMARY KEY)", "ALTER TABLE orphan REPLICA IDENTITY FULL",
                "INSERT INTO orphan VALUES (1)", "CREATE PUBLICATION pub_gone FOR TABLE orphan");
        mz("CREATE SOURCE gone_src FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'pub_gone')"
                + " FOR TABLES (orphan)");
        await("snapshot of orphan").atMost(WAIT).ignoreExceptions()
                .until(() -> rows("SELECT id FROM orphan").equals(List.of("1")));
        upstream("DROP PUBLICATION pub_gone", "INSERT INTO orphan VALUES (2)");
        await("source stalls").atMost(WAIT).until(() -> rows("SELECT status, error FROM"
                + " mz_internal.mz_source_statuses WHERE name = 'gone_src'")
                .equals(List.of("stalled|postgres: publication \"pub_gone\" does not exist")));
        assertThatThrownBy(() -> rows("SELECT * FROM orphan")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("Source error: failed during"
                        + " initialization, source must be dropped and recreated: publication \"pub_gone\" does not"
                        + " exist"));
        mz("DROP SOURCE gone_src CASCADE");
    }

    @Test
    void addSubsourceSnapshotsThenStreamsAndDropSourceRemovesIt() throws SQLException {
        upstream("CREATE TABLE late(id int PRIMARY KEY, note text)", "ALTER TABLE late REPLICA IDENTITY FULL",
                "INSERT INTO late VALUES (1, 'before')", "ALTER PUBLICATION mz_pub ADD TABLE late");
        try (Connection c = mzConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("ALTER SOURCE mz_source ADD SUBSOURCE public.late AS late_copy")).isFalse();
        }
        assertThat(rows("SELECT id, note FROM late_copy")).containsExactly("1|before");
        upstream("INSERT INTO late VALUES (2, 'after')", "UPDATE late SET note = 'changed' WHERE id = 1");
        await("changes of the added table").atMost(WAIT).until(() -> rows("SELECT id, note FROM late_copy"
                + " ORDER BY id").equals(List.of("1|changed", "2|after")));
        assertThat(rows("SHOW SUBSOURCES ON mz_source")).contains("late_copy|subsource");
        assertThat(rows("SELECT s.type, st.status FROM mz_sources s JOIN mz_internal.mz_source_statuses st"
                + " USING (id) WHERE s.name = 'late_copy'")).containsExactly("subsource|running");
        assertThat(rows("SELECT count(*) FROM mz_internal.mz_source_statistics st JOIN mz_sources s USING (id)"
                + " WHERE s.name = 'late_copy'")).containsExactly("1");

        assertThatThrownBy(() -> mz("ALTER SOURCE mz_source ADD SUBSOURCE late AS late_again"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage()
                        .getMessage()).isEqualTo("another subsource already refers to postgres.public.late"));

        mz("DROP SOURCE late_copy");
        assertThat(rows("SHOW SUBSOURCES ON mz_source")).doesNotContain("late_copy|subsource");
        assertThatThrownBy(() -> rows("SELECT * FROM late_copy")).isInstanceOf(SQLException.class);
        upstream("INSERT INTO late VALUES (3, 'ignored')", "INSERT INTO kept VALUES (100, 'still streams')");
        await("sibling keeps streaming").atMost(WAIT).until(() -> rows("SELECT v FROM kept WHERE id = 100")
                .equals(List.of("still streams")));
    }

    @Test
    void addSubsourceRefusesTablesOutsideThePublicationOrWithoutReplicaIdentityFull() throws SQLException {
        upstream("CREATE TABLE unpublished(id int PRIMARY KEY)", "ALTER TABLE unpublished REPLICA IDENTITY FULL",
                "CREATE TABLE partial_identity(id int PRIMARY KEY)", "ALTER PUBLICATION mz_pub ADD TABLE"
                        + " partial_identity");
        assertThatThrownBy(() -> mz("ALTER SOURCE mz_source ADD SUBSOURCE unpublished"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage()
                        .getMessage()).isEqualTo("reference to unpublished not found in source"));
        assertThatThrownBy(() -> mz("ALTER SOURCE mz_source ADD SUBSOURCE partial_identity"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                            "POSTGRES source validation: referenced items not tables with REPLICA IDENTITY FULL");
                    assertThat(e.getServerErrorMessage().getDetail())
                            .isEqualTo("referenced items: public.partial_identity");
                });
        assertThatThrownBy(() -> mz("ALTER SOURCE no_such_source ADD SUBSOURCE kept"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage()
                        .getMessage()).isEqualTo("unknown catalog item 'no_such_source'"));
        upstream("CREATE TABLE texty(id int PRIMARY KEY)", "ALTER TABLE texty REPLICA IDENTITY FULL",
                "ALTER PUBLICATION mz_pub ADD TABLE texty");
        assertThatThrownBy(() -> mz("ALTER SOURCE mz_source ADD TABLE texty WITH (TEXT COLUMNS (kept.v))"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(
                            "POSTGRES source validation: TEXT COLUMNS refers to table not currently being added");
                    assertThat(e.getServerErrorMessage().getDetail())
                            .isEqualTo("the following tables are referenced but not added: public.kept");
                });
        mz("ALTER SOURCE IF EXISTS no_such_source ADD SUBSOURCE kept");
        assertThat(rows("SHOW SUBSOURCES ON mz_source")).noneMatch(r -> r.startsWith("unpublished|")
                || r.startsWith("partial_identity|") || r.startsWith("texty|"));
    }

    @Test
    void materializedViewsStayFreshAndViewsAndIndexesAreInTheCatalog() throws SQLException {
        mz("CREATE MATERIALIZED VIEW kept_count IN CLUSTER quickstart AS SELECT count(*) AS n FROM kept",
                "CREATE VIEW kept_big AS SELECT id, v FROM kept WHERE id > 10",
                "CREATE DEFAULT INDEX ON kept_big",
                "CREATE INDEX kept_big_v_idx ON kept_big (v)");
        upstream("INSERT INTO kept VALUES (1001, 'fresh')");
        await("materialized view follows the upstream").atMost(WAIT).until(() -> rows("SELECT n FROM kept_count")
                .equals(upstreamRows("SELECT count(*) FROM kept")));

        assertThat(rows("SHOW MATERIALIZED VIEWS")).containsExactly("kept_count|quickstart|null");
        assertThat(rows("SHOW VIEWS")).contains("kept_big|null");
        assertThat(rows("SHOW INDEXES ON kept_big")).containsExactly("kept_big_primary_idx|kept_big|quickstart|{}|null",
                "kept_big_v_idx|kept_big|quickstart|{v}|null");
        assertThat(rows("SELECT o.name, o.type, c.name FROM mz_objects o LEFT JOIN mz_clusters c ON o.cluster_id = c.id"
                + " WHERE o.name IN ('kept_count', 'kept_big', 'kept_big_v_idx', 'kept', 'mz_source',"
                + " 'pg_connection', 'pgpass') ORDER BY o.name")).containsExactly("kept|source|null",
                "kept_big|view|null", "kept_big_v_idx|index|quickstart", "kept_count|materialized-view|quickstart",
                "mz_source|source|quickstart", "pg_connection|connection|null", "pgpass|secret|null");
        assertThat(rows("SELECT mv.name, c.name FROM mz_materialized_views mv JOIN mz_clusters c"
                + " ON mv.cluster_id = c.id")).containsExactly("kept_count|quickstart");
        assertThat(rows("SELECT d.name FROM mz_internal.mz_object_dependencies dep JOIN mz_objects o"
                + " ON o.id = dep.object_id JOIN mz_objects d ON d.id = dep.referenced_object_id"
                + " WHERE o.name = 'kept_count'")).containsExactly("kept");
        assertThat(rows("SELECT i.name, v.name FROM mz_indexes i JOIN mz_views v ON i.on_id = v.id ORDER BY 1"))
                .containsExactly("kept_big_primary_idx|kept_big", "kept_big_v_idx|kept_big");

        mz("CREATE OR REPLACE MATERIALIZED VIEW kept_count AS SELECT count(*) * 2 AS n FROM kept");
        assertThat(rows("SELECT n = 2 * (SELECT count(*) FROM kept) FROM kept_count")).containsExactly("t");
        assertThatThrownBy(() -> mz("CREATE OR REPLACE VIEW kept AS SELECT 1")).isInstanceOfSatisfying(
                PSQLException.class, e -> assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("source \"materialize.public.kept\" already exists"));
        assertThatThrownBy(() -> mz("DROP SOURCE kept")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("cannot drop source \"kept\":"
                        + " still depended upon by view \"kept_big\", materialized view \"kept_count\""));
        assertThatThrownBy(() -> mz("DROP VIEW kept_count")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("kept_count is a materialized view not a view"));
        mz("DROP VIEW kept_big", "DROP MATERIALIZED VIEW kept_count");
        assertThat(rows("SHOW INDEXES")).isEmpty();
        assertThat(rows("SHOW MATERIALIZED VIEWS")).isEmpty();
        assertThatThrownBy(() -> rows("SELECT * FROM kept_count")).isInstanceOf(SQLException.class);
    }

    @Test
    void validateConnectionAcceptsAGoodConnectionAndReportsWhyABadOneFails() throws Exception {
        try (Connection c = mzConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("VALIDATE CONNECTION pg_connection")).isFalse();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        mz("CREATE SECRET wrong_pw AS 'not-the-password'",
                "CREATE CONNECTION bad_password TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET wrong_pw, DATABASE 'postgres')"
                        + " WITH (VALIDATE = false)",
                "CREATE CONNECTION bad_database TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'no_such_db')"
                        + " WITH (VALIDATE = false)",
                "CREATE CONNECTION unreachable TO POSTGRES (HOST '127.0.0.1', PORT " + closedPort
                        + ", USER 'u', DATABASE 'postgres') WITH (VALIDATE = false)");
        assertValidationFails("bad_password",
                "db error: FATAL: password authentication failed for user \"" + rds.masterUsername() + "\"");
        assertValidationFails("bad_database", "db error: FATAL: database \"no_such_db\" does not exist");
        assertValidationFails("unreachable", "error connecting to server: Connection refused (os error 111)");
        assertThatThrownBy(() -> mz("CREATE CONNECTION validated_by_default TO POSTGRES (HOST '" + rds.host()
                + "', PORT " + rds.port() + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET wrong_pw,"
                + " DATABASE 'postgres')")).isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("58000");
                    assertThat(e.getServerErrorMessage().getMessage()).startsWith("db error: FATAL: password");
                });
        assertThat(rows("SHOW CONNECTIONS LIKE 'validated%'")).isEmpty();
        assertThatThrownBy(() -> mz("VALIDATE CONNECTION nope")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("unknown catalog item 'nope'"));
    }

    @Test
    void upstreamConnectionsComeFromTheReportedEgressAddress() throws SQLException {
        assertThat(rows("SELECT egress_ip, cidr FROM mz_egress_ips")).containsExactly(EGRESS + "|" + EGRESS + "/32");
        List<ConnectionAttempt> replication = attempts.stream().filter(ConnectionAttempt::replication).toList();
        assertThat(replication).isNotEmpty();
        assertThat(replication).allSatisfy(a -> assertThat(a.source().getAddress().getHostAddress())
                .isEqualTo(EGRESS));
        int before = attempts.size();
        mz("VALIDATE CONNECTION pg_connection");
        assertThat(attempts.subList(before, attempts.size())).singleElement()
                .satisfies(a -> assertThat(a.source().getAddress().getHostAddress()).isEqualTo(EGRESS));
    }

    private void assertValidationFails(String connection, String message) {
        assertThatThrownBy(() -> mz("VALIDATE CONNECTION " + connection))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("58000");
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(message);
                    assertThat(e.getServerErrorMessage().getMessage()).doesNotContain(rds.masterPassword());
                });
    }

    private Connection mzConnection() throws SQLException {
        return DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD);
    }

    private void mz(String... statements) throws SQLException {
        JdbcRows.run(this::mzConnection, statements);
    }

    private void upstream(String... statements) throws SQLException {
        JdbcRows.run(() -> DriverManager.getConnection(rds.jdbcUrl("postgres"), rds.masterUsername(),
                rds.masterPassword()), statements);
    }

    /** Rows of a query on the sandbox Materialize as {@code a|b} strings. */
    private List<String> rows(String sql) throws SQLException {
        return rows(mzConnection(), sql);
    }

    private List<String> upstreamRows(String sql) throws SQLException {
        return rows(DriverManager.getConnection(rds.jdbcUrl("postgres"), rds.masterUsername(), rds.masterPassword()),
                sql);
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        return JdbcRows.rows(connection, sql);
    }
}
