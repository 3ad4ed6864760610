package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;

/** One Aurora cluster for the class; the writer reboot runs last but one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuroraClusterTest {

    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(20);
    private AuroraCluster cluster;

    @BeforeAll
    void startCluster() throws SQLException {
        cluster = AuroraCluster.builder("analytics").start();
        try (Connection c = writer()) {
            PgClient.execute(c,
                    "CREATE TABLE events(id int PRIMARY KEY, kind text)",
                    "INSERT INTO events VALUES (1, 'signup')",
                    "CREATE ROLE materialize LOGIN PASSWORD 'mz-secret'",
                    "GRANT rds_replication TO materialize");
        }
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    private Connection writer() throws SQLException {
        Credentials master = cluster.masterCredentials();
        return PgClient.connect(cluster.writerEndpoint(), "postgres", master.user(), master.password());
    }

    private Connection reader() throws SQLException {
        Credentials master = cluster.masterCredentials();
        return PgClient.connect(cluster.readerEndpoint(), "postgres", master.user(), master.password());
    }

    private void awaitOnReader(String sql, List<List<String>> expected) {
        Awaitility.await("reader returns " + expected + " for " + sql).atMost(REPLICATION_TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
                    try (Connection c = reader()) {
                        assertThat(PgClient.rows(c, sql)).isEqualTo(expected);
                    }
                });
    }

    @Test
    @Order(0)
    void writerAndReaderEndpointsShareThePortLikeAurora() {
        assertThat(cluster.readerEndpoint().getPort()).isEqualTo(cluster.writerEndpoint().getPort());
        assertThat(cluster.readerEndpoint().getAddress()).isNotEqualTo(cluster.writerEndpoint().getAddress());
    }

    @Test
    @Order(1)
    void readerSeesTheWritersRows() {
        awaitOnReader("SELECT id, kind FROM events ORDER BY id", List.of(List.of("1", "signup")));
    }

    @Test
    @Order(2)
    void readerRefusesWrites() throws SQLException {
        try (Connection c = reader()) {
            assertThat(PgClient.single(c, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            assertThatThrownBy(() -> PgClient.execute(c, "INSERT INTO events VALUES (2, 'nope')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    @Order(10)
    void writerRebootEnablesLogicalReplicationAndReaderKeepsReplicating() throws SQLException {
        cluster.writer().reboot(Map.of("rds.logical_replication", "1"));

        try (Connection c = writer()) {
            assertThat(PgClient.single(c, "SHOW wal_level")).isEqualTo("logical");
            PgClient.execute(c, "INSERT INTO events VALUES (2, 'after reboot')");
        }
        awaitOnReader("SELECT id, kind FROM events ORDER BY id",
                List.of(List.of("1", "signup"), List.of("2", "after reboot")));
    }

    @Test
    @Order(11)
    void readerRefusesLogicalDecodingEvenWhenTheWriterHasIt() throws SQLException {
        try (Connection c = reader()) {
            assertThat(PgClient.single(c, "SHOW wal_level")).isEqualTo("replica");
            assertThatThrownBy(() -> PgClient.execute(c,
                    "SELECT pg_create_logical_replication_slot('on_reader', 'pgoutput')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("logical decoding requires wal_level >= logical");
        }
        try (Connection c = PgClient.replication(cluster.readerEndpoint(), "postgres", "materialize", "mz-secret")) {
            assertThatThrownBy(() -> c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot()
                    .logical().withSlotName("mz_on_reader").withOutputPlugin("pgoutput").withTemporaryOption().make())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("logical decoding requires wal_level >= logical");
        }
    }

    @Test
    @Order(12)
    void writerAcceptsLogicalSlotsAfterTheReboot() throws SQLException {
        try (Connection c = PgClient.replication(cluster.writerEndpoint(), "postgres", "materialize", "mz-secret")) {
            assertThat(c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName("mz_on_writer").withOutputPlugin("pgoutput").withTemporaryOption().make()
                    .getSlotName()).isEqualTo("mz_on_writer");
        }
    }
}
