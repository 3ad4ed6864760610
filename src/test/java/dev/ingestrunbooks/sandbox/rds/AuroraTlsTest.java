package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on an Aurora cluster's two endpoints: {@code verify-full} with the sandbox CA on the writer (127.0.0.1) and the
 * reader (its own loopback address, in the certificate), and {@code rds.force_ssl=1} applied to both members at once,
 * the reader still replaying the writer's WAL (its stream uses the exempt internal login).
 */
class AuroraTlsTest {

    private static AuroraCluster cluster;

    @BeforeAll
    static void start() {
        cluster = AuroraCluster.builder("tls-aurora").start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect(InetSocketAddress endpoint, String sslmode) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", cluster.masterCredentials().user());
        props.setProperty("password", cluster.masterCredentials().password());
        props.setProperty("sslmode", sslmode);
        props.setProperty("sslrootcert", SandboxTls.get().caCertificateFile().toString());
        return DriverManager.getConnection("jdbc:postgresql://" + endpoint.getAddress().getHostAddress() + ":"
                + endpoint.getPort() + "/postgres", props);
    }

    @Test
    void bothEndpointsVerifyFullAndForceSslReachesBothMembers() throws SQLException {
        for (InetSocketAddress endpoint : List.of(cluster.writerEndpoint(), cluster.readerEndpoint())) {
            try (Connection c = connect(endpoint, "verify-full")) {
                assertThat(PgClient.rows(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                        .containsExactly(List.of("t"));
            }
        }
        Map<String, String> forced = Map.of("rds.force_ssl", "1");
        cluster.writer().applyDynamic(forced);
        cluster.reader().applyDynamic(forced);
        for (InetSocketAddress endpoint : List.of(cluster.writerEndpoint(), cluster.readerEndpoint())) {
            assertThatThrownBy(() -> connect(endpoint, "disable").close()).hasMessageContaining("no encryption");
        }
        try (Connection writer = connect(cluster.writerEndpoint(), "require")) {
            PgClient.execute(writer, "CREATE TABLE replayed(id int)", "INSERT INTO replayed VALUES (1)");
        }
        cluster.reader().awaitCaughtUp();
        try (Connection reader = connect(cluster.readerEndpoint(), "verify-full")) {
            assertThat(PgClient.rows(reader, "SELECT count(*) FROM replayed")).containsExactly(List.of("1"));
        }
    }
}
