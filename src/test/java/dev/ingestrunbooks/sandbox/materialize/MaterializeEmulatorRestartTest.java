package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.rds.Credentials;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and starting the sandbox Materialize on the same state directory: the catalog comes back as it was
 * (names, ids, clusters, the connection's secret), and each source resumes from its slot's confirmed position, so
 * what the upstream wrote while Materialize was down arrives once: nothing lost, nothing applied twice.
 */
class MaterializeEmulatorRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = Credentials.generatePassword();
    private static final String ORDERS = "SELECT id, item, qty FROM orders ORDER BY id";
    /** A table without a key: a change applied twice would show as a duplicate row. */
    private static final String EVENTS = "SELECT n, note FROM events ORDER BY n, note";
    private static final String[] CATALOG_QUERIES = {"SHOW SOURCES", "SHOW CONNECTIONS", "SHOW SECRETS",
        "SHOW CLUSTERS", "SELECT id, oid, name, type FROM mz_sources ORDER BY id",
        "SELECT id, replication_slot FROM mz_internal.mz_postgres_sources ORDER BY id"};

    @TempDir
    Path state;
    private RdsPostgresInstance rds;
    private MaterializeEmulator mz;

    @BeforeEach
    void startUpstream() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-restart-upstream").parameters(Map.of("rds.logical_replication", "1"))
                .start();
        upstream("CREATE TABLE orders(id int PRIMARY KEY, item text, qty int)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT i, 'item ' || i, i % 7 FROM generate_series(1, 300) i",
                "CREATE TABLE events(n int, note text)", "ALTER TABLE events REPLICA IDENTITY FULL",
                "INSERT INTO events SELECT i, 'before' FROM generate_series(1, 50) i",
                "CREATE PUBLICATION mz_source FOR ALL TABLES");
    }

    @AfterEach
    void stop() {
        if (mz != null) {
            mz.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    @Test
    void restartOnTheSameStateKeepsTheCatalogAndResumesWithoutLossOrDuplicates() throws Exception {
        mz = start();
        mz("CREATE SECRET pgpass AS '" + rds.masterPassword() + "'",
                "CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres')",
                "CREATE CLUSTER ingest_postgres (SIZE = '50cc')",
                "CREATE SOURCE mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg_connection"
                        + " (PUBLICATION 'mz_source') FOR ALL TABLES");
        awaitReplicaEqualsUpstream("snapshot");
        upstream("UPDATE orders SET qty = 100 WHERE id <= 10", "INSERT INTO events VALUES (51, 'streamed')");
        awaitReplicaEqualsUpstream("streamed changes");
        List<List<String>> catalogBefore = catalog();
        String slot = upstreamRows("SELECT slot_name FROM pg_replication_slots").get(0);
        mz.close();
        mz = null;

        Path saved = state.resolve("catalog.properties");
        assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(upstreamRows("SELECT slot_name, active FROM pg_replication_slots"))
                .as("the slot outlives the emulator").containsExactly(slot + "|f");
        upstream("INSERT INTO orders SELECT i, 'while down ' || i, 1 FROM generate_series(301, 400) i",
                "UPDATE orders SET item = 'changed while down' WHERE id BETWEEN 11 AND 20",
                "DELETE FROM orders WHERE id BETWEEN 21 AND 30",
                "INSERT INTO events SELECT i, 'while down' FROM generate_series(52, 80) i",
                "DELETE FROM events WHERE n <= 5");

        mz = start();
        assertThat(catalog()).as("catalog after the restart").isEqualTo(catalogBefore);
        awaitReplicaEqualsUpstream("changes made while Materialize was down");
        await("the resumed source runs").atMost(WAIT).until(() -> mzRows("SELECT name, status FROM"
                + " mz_internal.mz_source_statuses WHERE name = 'mz_source'"),
                r -> r.equals(List.of("mz_source|running")));
        assertThat(mzRows("SELECT snapshot_committed FROM mz_internal.mz_source_statistics s JOIN mz_sources m"
                + " ON s.id = m.id WHERE m.name = 'mz_source'")).containsExactly("t");
        assertThat(mzRows("SELECT count(*), count(DISTINCT n) FROM events")).containsExactly("75|75");
        assertThat(mzRows("SELECT count(*) FROM orders")).containsExactly("390");
        assertThat(upstreamRows("SELECT slot_name FROM pg_replication_slots")).as("no new slot, no new snapshot")
                .containsExactly(slot);

        upstream("INSERT INTO events VALUES (81, 'after restart')", "UPDATE orders SET qty = 7 WHERE id = 1");
        awaitReplicaEqualsUpstream("changes after the restart");
        mz("CREATE SECRET another AS 'x'");
        assertThat(mzRows("SELECT id FROM mz_secrets WHERE name = 'another'")).singleElement()
                .as("a new item gets a fresh id").isNotIn(catalogBefore.get(4).stream()
                        .map(r -> r.split("\\|")[0]).toList());

        mz("DROP SOURCE mz_source CASCADE");
        assertThat(upstreamRows("SELECT count(*) FROM pg_replication_slots")).as("a resumed source drops its slot")
                .containsExactly("0");
    }

    @Test
    void aSecretSurvivesTheRestartInThePrivateCatalogFileOnly() throws Exception {
        mz = start();
        assertThat(mzRows("SHOW SOURCES")).isEmpty();
        mz("CREATE SECRET pgpass AS 'top-secret-value'");
        mz.close();
        mz = start();
        assertThat(mzRows("SHOW SECRETS")).containsExactly("pgpass|null");
        assertThat(Files.readString(state.resolve("catalog.properties"))).contains("top-secret-value");
        assertThat(state.resolve("backing/server.log")).content().doesNotContain("top-secret-value");
    }

    private MaterializeEmulator start() {
        return new MaterializeEmulator().withPassword(PASSWORD).withStateDirectory(state).start();
    }

    private List<List<String>> catalog() throws SQLException {
        List<List<String>> result = new ArrayList<>();
        for (String query : CATALOG_QUERIES) {
            result.add(mzRows(query));
        }
        return result;
    }

    private void awaitReplicaEqualsUpstream(String what) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> mzRows(ORDERS).equals(upstreamRows(ORDERS))
                        && mzRows(EVENTS).equals(upstreamRows(EVENTS)));
    }

    private void mz(String... statements) throws SQLException {
        JdbcRows.run(() -> DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD),
                statements);
    }

    private void upstream(String... statements) throws SQLException {
        JdbcRows.run(this::upstreamConnection, statements);
    }

    private Connection upstreamConnection() throws SQLException {
        return DriverManager.getConnection(rds.jdbcUrl("postgres"), rds.masterUsername(), rds.masterPassword());
    }

    private List<String> mzRows(String sql) throws SQLException {
        return rows(DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD), sql);
    }

    private List<String> upstreamRows(String sql) throws SQLException {
        return rows(upstreamConnection(), sql);
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        return JdbcRows.rows(c, sql);
    }
}
