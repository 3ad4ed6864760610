package dev.ingestrunbooks.sandbox.materialize.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.ConnectionAttempt;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import dev.ingestrunbooks.sandbox.materialize.JdbcRows;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL source whose connection has {@code SSH TUNNEL}: every upstream connection (validation, snapshot,
 * stream, reconnect, resume after a restart, the slot drop) goes through the bastion, whose sessions leave from
 * the egress address; the upstream only ever sees the bastion. A bastion that goes down stalls the source with an
 * {@code ssh:} error, and the source recovers by itself when the bastion is back.
 */
class MaterializeSshSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EGRESS = MaterializeSshTunnelTest.EGRESS;
    private static final String PASSWORD = MaterializeSshTunnelTest.PASSWORD;
    private static final String ORDERS = "SELECT id, item FROM orders ORDER BY id";
    private static final String STATUS = "SELECT status, error FROM mz_internal.mz_source_statuses"
            + " WHERE name = 'mz_source'";

    @TempDir
    Path dir;
    private RdsPostgresInstance rds;
    private TestBastion bastion;
    private MaterializeEmulator mz;
    private final List<ConnectionAttempt> upstreamAttempts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rds = RdsPostgresInstance.builder("mz-ssh-upstream").parameters(Map.of("rds.logical_replication", "1"))
                .start();
        rds.setAccessRule(attempt -> {
            upstreamAttempts.add(attempt);
            return Admission.admit();
        });
        upstream("CREATE TABLE orders(id int PRIMARY KEY, item text)", "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT i, 'item ' || i FROM generate_series(1, 100) i",
                "CREATE PUBLICATION mz_source FOR ALL TABLES");
        bastion = new TestBastion(dir).start();
        mz = emulator().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (mz != null) {
            mz.close();
        }
        bastion.close();
        if (rds != null) {
            rds.close();
        }
    }

    private MaterializeEmulator emulator() {
        return new MaterializeEmulator().withPassword(PASSWORD).withEgressAddress(EGRESS)
                .withStateDirectory(dir.resolve("mz-state"));
    }

    @Test
    void aSourceThroughTheBastionSnapshotsStreamsSurvivesAnOutageAndResumesAfterARestart() throws Exception {
        mz("CREATE CONNECTION ssh_connection TO SSH TUNNEL (HOST '127.0.0.1', USER '" + TestBastion.USER
                + "', PORT " + bastion.port() + ")");
        List<String> keys = mzRows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections");
        bastion.authorize(keys.get(0).split("\\|"));
        mz("CREATE SECRET pgpass AS '" + rds.masterPassword() + "'",
                "CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres',"
                        + " SSH TUNNEL ssh_connection)",
                "VALIDATE CONNECTION pg_connection",
                "CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')"
                        + " FOR ALL TABLES");
        awaitReplica("snapshot through the tunnel");
        upstream("INSERT INTO orders VALUES (101, 'streamed')", "UPDATE orders SET item = 'changed' WHERE id = 1");
        awaitReplica("streamed changes");
        assertThat(bastion.clientAddresses()).isNotEmpty().containsOnly(EGRESS);
        assertThat(upstreamAttempts).as("the upstream sees the bastion, never the egress address").isNotEmpty()
                .allSatisfy(a -> assertThat(a.source().getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
        assertThat(upstreamAttempts).anySatisfy(a -> assertThat(a.replication()).isTrue());

        bastion.stop();
        await("the source stalls with the tunnel's error").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> mzRows(STATUS), r -> r.equals(List.of("stalled|ssh: failed to connect to the remote host:"
                        + " connect to host 127.0.0.1 port " + bastion.port() + ": Connection refused")));
        upstream("INSERT INTO orders VALUES (102, 'during the outage')");
        bastion.start();
        awaitReplica("changes made while the bastion was down");
        await("the source runs again").atMost(WAIT).until(() -> mzRows(STATUS), r -> r.equals(List.of("running|null")));

        mz.close();
        mz = null;
        upstream("INSERT INTO orders VALUES (103, 'while Materialize was down')");
        mz = emulator().start();
        awaitReplica("resume through the tunnel after a restart");
        assertThat(bastion.clientAddresses()).containsOnly(EGRESS);

        mz("DROP CONNECTION ssh_connection CASCADE");
        assertThat(upstreamRows("SELECT count(*) FROM pg_replication_slots")).as("the slot is dropped through the"
                + " tunnel").containsExactly("0");
        await("no tunnel is left open").atMost(WAIT).until(() -> bastion.activeSessions() == 0);
    }

    private void awaitReplica(String what) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> mzRows(ORDERS).equals(upstreamRows(ORDERS)));
    }

    private void mz(String... statements) throws SQLException {
        execute(DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD), statements);
    }

    private List<String> mzRows(String sql) throws SQLException {
        return rows(DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD), sql);
    }

    private void upstream(String... statements) throws SQLException {
        execute(upstreamConnection(), statements);
    }

    private List<String> upstreamRows(String sql) throws SQLException {
        return rows(upstreamConnection(), sql);
    }

    private Connection upstreamConnection() throws SQLException {
        return DriverManager.getConnection(rds.jdbcUrl("postgres"), rds.masterUsername(), rds.masterPassword());
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        JdbcRows.run(() -> connection, statements);
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        return JdbcRows.rows(connection, sql);
    }
}
