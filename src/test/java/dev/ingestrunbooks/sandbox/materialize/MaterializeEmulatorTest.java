package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Black-box: the guide's SQL through real pgJDBC against the sandbox Materialize, ingesting from a sandbox RDS
 * instance rebooted with {@code rds.logical_replication = 1}. One upstream and one emulator for the class.
 */
class MaterializeEmulatorTest extends EmulatorBlackBoxTest {
    /** The guide's status query (docs/materialize.md §1.5, variant 2/3). */
    private static final String STATUS_QUERY = "WITH source_ids AS"
            + " (SELECT id FROM mz_sources WHERE name = 'mz_source')"
            + " SELECT name, type, status, error FROM mz_internal.mz_source_statuses JOIN (SELECT referenced_object_id"
            + " FROM mz_internal.mz_object_dependencies WHERE object_id IN (SELECT id FROM source_ids)"
            + " UNION SELECT id FROM source_ids) AS sources ON mz_source_statuses.id = sources.referenced_object_id";
    /** The guide's statistics query (variant 3). */
    private static final String STATISTICS_QUERY = "WITH source_ids AS (SELECT id FROM mz_sources"
            + " WHERE name = 'mz_source') SELECT mz_sources.name, snapshot_committed"
            + " FROM mz_internal.mz_source_statistics JOIN (SELECT object_id, referenced_object_id"
            + " FROM mz_internal.mz_object_dependencies WHERE object_id IN (SELECT id FROM source_ids)"
            + " UNION SELECT id, id FROM source_ids) AS sources"
            + " ON mz_source_statistics.id = sources.referenced_object_id"
            + " JOIN mz_sources ON mz_sources.id = sources.referenced_object_id";
    /** The guide's replication slot query (right-size step). */
    private static final String SLOT_QUERY = "SELECT d.name AS database_name, n.name AS schema_name,"
            + " s.name AS source_name, pgs.replication_slot FROM mz_sources AS s"
            + " JOIN mz_internal.mz_postgres_sources AS pgs ON s.id = pgs.id"
            + " JOIN mz_schemas AS n ON n.id = s.schema_id JOIN mz_databases AS d ON d.id = n.database_id";
    @Override
    protected String upstreamName() {
        return "mz-emulator-upstream";
    }

    /** Starts as a fresh instance does, with logical replication off; the class turns it on with a reboot. */
    @Override
    protected Map<String, String> upstreamParameters() {
        return Map.of();
    }

    @BeforeAll
    void start() throws SQLException {
        rds.reboot(Map.of("rds.logical_replication", "1"));
        upstream("CREATE TABLE orders(id int PRIMARY KEY, item text, qty int)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT i, 'item ' || i, i % 7 FROM generate_series(1, 500) i",
                "CREATE PUBLICATION mz_source FOR ALL TABLES");
        mz("CREATE SECRET pgpass AS '" + rds.masterPassword() + "'",
                "CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, SSL MODE 'require',"
                        + " DATABASE 'postgres')",
                "CREATE CLUSTER ingest_postgres (SIZE = '50cc')");
    }

    @Test
    void guideFlowReplicatesSnapshotAndChangesAndDropRemovesTheSlot() throws SQLException {
        try (Connection c = mzConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SOURCE mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg_connection "
                    + "(PUBLICATION 'mz_source') FOR ALL TABLES");
            assertThat(s.getUpdateCount()).isZero();
        }
        String query = "SELECT id, item, qty FROM orders ORDER BY id";
        await("snapshot").atMost(WAIT).ignoreExceptions()
                .until(() -> rows(mzConnection(), query).equals(rows(upstreamConnection(), query)));
        assertThat(rows(mzConnection(), query)).hasSize(500);

        upstream("INSERT INTO orders VALUES (501, 'late', 3)", "UPDATE orders SET qty = 99 WHERE id = 1",
                "DELETE FROM orders WHERE id = 2");
        await("changes").atMost(WAIT)
                .until(() -> rows(mzConnection(), query).equals(rows(upstreamConnection(), query)));
        assertThat(rows(mzConnection(), query)).contains("501|late|3", "1|item 1|99").doesNotContain("2|item 2|2");

        assertThat(rows(mzConnection(), "SHOW SOURCES")).contains("mz_source|postgres|ingest_postgres|null",
                "mz_source_progress|progress|null|null", "orders|subsource|null|null");
        assertThat(rows(upstreamConnection(), "SELECT count(*) FROM pg_replication_slots")).containsExactly("1");

        await("guide's status query shows running").atMost(WAIT).until(() -> rows(mzConnection(), STATUS_QUERY)
                .stream().anyMatch(r -> r.startsWith("mz_source|postgres|") && r.contains("|running|")));
        assertThat(rows(mzConnection(), "SELECT name, status FROM mz_internal.mz_source_statuses ORDER BY name"))
                .containsExactly("mz_source|running", "mz_source_progress|running", "orders|running");
        assertThat(rows(mzConnection(), "SELECT s.name, c.name FROM mz_sources s JOIN mz_clusters c"
                + " ON s.cluster_id = c.id")).containsExactly("mz_source|ingest_postgres");

        assertThat(rows(mzConnection(), STATISTICS_QUERY)).containsExactly("mz_source|t");
        assertThat(rows(mzConnection(), "SELECT replication_slot FROM mz_internal.mz_postgres_sources"))
                .isEqualTo(rows(upstreamConnection(), "SELECT slot_name FROM pg_replication_slots"));

        mz("ALTER CLUSTER ingest_postgres SET (SIZE '100cc')");
        assertThat(rows(mzConnection(), "SHOW CLUSTER REPLICAS WHERE cluster = 'ingest_postgres'"))
                .singleElement().asString().startsWith("ingest_postgres|").contains("|100cc|t|");
        String slot = rows(upstreamConnection(), "SELECT slot_name FROM pg_replication_slots").get(0);
        assertThat(rows(mzConnection(), SLOT_QUERY)).containsExactly("materialize|public|mz_source|" + slot);

        mz("DROP SOURCE mz_source CASCADE");
        assertThat(rows(upstreamConnection(), "SELECT count(*) FROM pg_replication_slots")).containsExactly("0");
        assertThat(rows(mzConnection(), "SHOW SOURCES")).isEmpty();
        assertThatThrownBy(() -> rows(mzConnection(), query)).isInstanceOf(SQLException.class);
    }

    @Test
    void forTablesWithAliasOverTheExtendedProtocol() throws SQLException {
        try (Connection c = mzConnection()) {
            try (PreparedStatement create = c.prepareStatement("CREATE SOURCE tbl_src FROM POSTGRES CONNECTION"
                    + " pg_connection (PUBLICATION 'mz_source') FOR TABLES (public.orders AS orders_copy)")) {
                assertThat(create.execute()).isFalse();
            }
            try (PreparedStatement show = c.prepareStatement("SHOW SUBSOURCES ON tbl_src")) {
                assertThat(show.getMetaData().getColumnName(1)).isEqualTo("name");
                assertThat(rows(show)).containsExactlyInAnyOrder("orders_copy|subsource", "tbl_src_progress|progress");
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET cluster = ingest_postgres");
                assertThat(rows(s.executeQuery("SHOW cluster"))).containsExactly("ingest_postgres");
            }
        }
        String count = "SELECT count(*) FROM orders";
        await("snapshot of orders_copy").atMost(WAIT).ignoreExceptions().until(() ->
                rows(mzConnection(), "SELECT count(*) FROM orders_copy").equals(rows(upstreamConnection(), count)));
        assertThat(rows(mzConnection(), "SHOW SOURCES LIKE 'tbl%'"))
                .containsExactlyInAnyOrder("tbl_src|postgres|quickstart|null", "tbl_src_progress|progress|null|null");

        assertThatThrownBy(() -> mz("DROP SOURCE tbl_src")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getHint())
                        .isEqualTo("Use DROP ... CASCADE to drop the dependent objects too."));
        mz("DROP SOURCE tbl_src CASCADE");
        assertThat(rows(upstreamConnection(), "SELECT count(*) FROM pg_replication_slots")).containsExactly("0");
    }

    @Test
    void dropConnectionCascadeStopsItsSourcesAndDropsTheirSlots() throws SQLException {
        mz("CREATE CONNECTION pg_other TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port() + ", USER '"
                        + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres')",
                "CREATE SOURCE other_src IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg_other"
                        + " (PUBLICATION 'mz_source') FOR TABLES (orders AS orders_other)");
        await("snapshot of orders_other").atMost(WAIT).ignoreExceptions().until(() ->
                rows(mzConnection(), "SELECT count(*) FROM orders_other")
                        .equals(rows(upstreamConnection(), "SELECT count(*) FROM orders")));
        assertThatThrownBy(() -> mz("DROP CONNECTION pg_other")).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getServerErrorMessage().getMessage()).startsWith(
                        "cannot drop connection \"pg_other\": still depended upon by source \"other_src\""));
        mz("DROP CONNECTION pg_other CASCADE");
        assertThat(rows(upstreamConnection(), "SELECT count(*) FROM pg_replication_slots")).containsExactly("0");
        assertThat(rows(mzConnection(), "SHOW SOURCES LIKE 'other%'")).isEmpty();
        assertThatThrownBy(() -> rows(mzConnection(), "SELECT * FROM orders_other")).isInstanceOf(SQLException.class);
    }

    @Test
    void statusPollsOnFreshClientSessionsDoNotStartABackingSessionEach() throws SQLException {
        for (int i = 0; i < 3; i++) { // the pooled session and the catalog refresh connection exist by now
            rows("SELECT name, type FROM mz_catalog.mz_sources");
        }
        long before = backingSessions();
        for (int i = 0; i < 20; i++) { // as a poll that logs in for each query does
            assertThat(rows("SELECT name, type FROM mz_catalog.mz_sources")).isNotNull();
        }
        // without reuse each poll costs two backing sessions (its own, the catalog refresh's): 40; the measuring
        // sessions themselves add one or two, the pool may grow by a few
        assertThat(backingSessions() - before).as("backing sessions started by 20 polls, each its own session")
                .isLessThanOrEqualTo(6);
    }

    /** Sessions ever established to the backing database (PostgreSQL 14+ counts them; an ended one surely). */
    private long backingSessions() throws SQLException {
        try (Connection c = mz.connectBacking(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void createSourceOnAMissingPublicationFailsWithMaterializesText() {
        assertThatThrownBy(() -> mz("CREATE SOURCE nope IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION "
                + "pg_connection (PUBLICATION 'no_such_pub') FOR ALL TABLES"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage())
                            .isEqualTo("failed to connect to PostgreSQL database");
                    assertThat(e.getServerErrorMessage().getDetail())
                            .isEqualTo("publication no_such_pub does not exist");
                });
    }

    @Test
    void catalogErrorsKeepMaterializesTextAndVersionAnswers() throws SQLException {
        assertThatThrownBy(() -> mz("CREATE SOURCE s2 FROM POSTGRES CONNECTION missing_conn "
                + "(PUBLICATION 'mz_source') FOR ALL TABLES"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("unknown catalog item 'missing_conn'"));
        for (String select : List.of("SELECT * FROM no_such_table", "SELECT 1; SELECT * FROM no_such_table")) {
            assertThatThrownBy(() -> rows(mzConnection(), select)).as(select)
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage()
                            .getMessage()).isEqualTo("unknown catalog item 'no_such_table'"));
        }
        assertThat(rows(mzConnection(), "SELECT mz_version()")).containsExactly(MaterializeEmulator.VERSION);
        assertThat(rows(mzConnection(), "SHOW CONNECTIONS")).contains("pg_connection|postgres|null");
        assertThat(rows(mzConnection(), "SHOW SECRETS")).containsExactly("pgpass|null");
        assertThat(rows(mzConnection(), "SELECT * FROM mz_egress_ips")).containsExactly("127.0.0.1|32|127.0.0.1/32");
        assertThat(rows(mzConnection(), "SHOW CONNECTIONS WHERE type = 'ssh-tunnel'")).isEmpty();
    }

    @Test
    void simpleQueryMixingMaterializeAndPlainStatements() throws SQLException {
        try (Connection c = DriverManager.getConnection(mz.jdbcUrl() + "?preferQueryMode=simple",
                MaterializeEmulator.USER, PASSWORD); Statement s = c.createStatement()) {
            assertThat(s.execute("CREATE SECRET tmp_secret AS 'x'; SELECT name FROM mz_secrets ORDER BY name"))
                    .isFalse();
            assertThat(s.getMoreResults()).isTrue();
            assertThat(rows(s.getResultSet())).containsExactly("pgpass", "tmp_secret");
            s.execute("DROP SECRET tmp_secret");
            assertThat(rows(s.executeQuery("SHOW SECRETS"))).containsExactly("pgpass|null");
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, "wrong"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        return JdbcRows.rows(c, sql);
    }

    private static List<String> rows(PreparedStatement statement) throws SQLException {
        return JdbcRows.rows(statement.executeQuery());
    }

    private static List<String> rows(ResultSet result) throws SQLException {
        return JdbcRows.rows(result);
    }
}
