package dev.ingestrunbooks.sandbox.materialize.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import dev.ingestrunbooks.sandbox.materialize.JdbcRows;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * A PostgreSQL source whose connection has {@code AWS PRIVATELINK}: HOST is an RDS endpoint name that does not
 * resolve here, every upstream connection goes to the route the (in-memory) PrivateLink network gives for the
 * endpoint and PORT. Without a route, validation, CREATE SOURCE and reconnects fail with Materialize's lookup error;
 * with one, the source snapshots, streams, recovers, resumes after a restart (the endpoint is requested again) and
 * drops its slot through the endpoint when the PrivateLink connection is dropped with CASCADE.
 */
class MaterializePrivateLinkSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = Credentials.generatePassword();
    private static final String RDS_HOST = "mydb.c9akciq32.us-east-1.rds.amazonaws.com";
    private static final String NO_ROUTE = "IO error in connection: failed to lookup address information:"
            + " Name or service not known";
    private static final String ORDERS = "SELECT id, item FROM orders ORDER BY id";
    private static final String STATUS = "SELECT status, error FROM mz_internal.mz_source_statuses"
            + " WHERE name = 'mz_source'";

    @TempDir
    Path dir;
    private RdsPostgresInstance rds;
    private MaterializeEmulator mz;
    private final InMemoryPrivateLinkNetwork network = new InMemoryPrivateLinkNetwork();

    @BeforeEach
    void start() throws Exception {
        rds = RdsPostgresInstance.builder("mz-pl-upstream").parameters(Map.of("rds.logical_replication", "1"))
                .start();
        upstream("CREATE TABLE orders(id int PRIMARY KEY, item text)", "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT i, 'item ' || i FROM generate_series(1, 50) i",
                "CREATE PUBLICATION mz_source FOR ALL TABLES");
        mz = emulator().start();
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

    private MaterializeEmulator emulator() {
        return new MaterializeEmulator().withPassword(PASSWORD).withPrivateLinkNetwork(network)
                .withStateDirectory(dir.resolve("mz-state"));
    }

    @Test
    void aSourceThroughTheEndpointFailsWithoutARouteThenStreamsRecoversAndResumes() throws Exception {
        mz("CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME"
                + " 'com.amazonaws.vpce.us-east-1.vpce-svc-0356210a8a432d9e9',"
                + " AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az4'))",
                "CREATE SECRET pgpass AS '" + rds.masterPassword() + "'");
        String id = mzRows("SELECT id FROM mz_connections WHERE name = 'privatelink_svc'").get(0);
        String principal = mzRows("SELECT principal FROM mz_aws_privatelink_connections").get(0);
        String createPg = "CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + RDS_HOST + "', PORT 5432, USER '"
                + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres',"
                + " AWS PRIVATELINK privatelink_svc)";

        // the endpoint is not available yet: no route, as if its DNS name did not resolve
        assertThat(failure(createPg)).isEqualTo("58000|" + NO_ROUTE + "|null");
        assertThat(mzRows("SELECT name FROM mz_connections WHERE name = 'pg_connection'")).isEmpty();
        mz(createPg + " WITH (VALIDATE = false)");
        assertThat(failure("VALIDATE CONNECTION pg_connection")).isEqualTo("58000|" + NO_ROUTE + "|null");
        String createSource = "CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg_connection"
                + " (PUBLICATION 'mz_source') FOR ALL TABLES";
        assertThat(failure(createSource)).isEqualTo("XX000|failed to connect to PostgreSQL database|" + NO_ROUTE);

        // accepted and available: the load balancer's listener on 5432 forwards to the database
        network.set(id, EndpointStatus.available());
        network.listen(id, 5432, rds.endpoint());
        mz("VALIDATE CONNECTION privatelink_svc", "VALIDATE CONNECTION pg_connection", createSource);
        awaitReplica("snapshot through the endpoint");
        upstream("INSERT INTO orders VALUES (51, 'streamed')", "UPDATE orders SET item = 'changed' WHERE id = 1");
        awaitReplica("streamed changes");

        // the endpoint goes away and the stream breaks: reconnects find no route
        network.set(id, EndpointStatus.of("expired", "The VPC endpoint expired."));
        upstream("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE active_pid IS NOT NULL");
        await("the source stalls with the lookup error").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> mzRows(STATUS), r -> r.equals(List.of("stalled|postgres: " + NO_ROUTE)));
        upstream("INSERT INTO orders VALUES (52, 'during the outage')");
        network.set(id, EndpointStatus.available());
        awaitReplica("changes made while the endpoint was away");
        await("the source runs again").atMost(WAIT).until(() -> mzRows(STATUS), r -> r.equals(List.of("running|null")));

        // a restart on saved state asks for the endpoint again and resumes through it
        mz.close();
        mz = null;
        upstream("INSERT INTO orders VALUES (53, 'while Materialize was down')");
        int requests = network.created.size();
        mz = emulator().start();
        assertThat(network.created.subList(requests, network.created.size()))
                .extracting(InMemoryPrivateLinkNetwork.Request::connectionId, InMemoryPrivateLinkNetwork.Request::principal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, principal));
        assertThat(mzRows("SELECT principal FROM mz_aws_privatelink_connections")).containsExactly(principal);
        awaitReplica("resume through the endpoint after a restart");

        mz("DROP CONNECTION privatelink_svc CASCADE");
        assertThat(upstreamRows("SELECT count(*) FROM pg_replication_slots")).as("the slot is dropped through the"
                + " endpoint").containsExactly("0");
        assertThat(network.deleted).containsExactly(id);
    }

    private void awaitReplica(String what) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> mzRows(ORDERS).equals(upstreamRows(ORDERS)));
    }

    /** {@code sqlstate|message|detail} of a statement expected to fail. */
    private String failure(String sql) {
        assertThatThrownBy(() -> mz(sql)).isInstanceOf(PSQLException.class);
        try {
            mz(sql);
            return "no failure";
        } catch (PSQLException e) {
            return e.getSQLState() + "|" + e.getServerErrorMessage().getMessage() + "|"
                    + e.getServerErrorMessage().getDetail();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
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
