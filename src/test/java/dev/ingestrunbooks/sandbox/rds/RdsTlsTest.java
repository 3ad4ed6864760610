package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.loader.pem.PKCS8PEMResourceKeyPairParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box TLS on a sandbox RDS instance's endpoint: psql with {@code sslmode=require}, pgJDBC with
 * {@code sslmode=verify-full} and the sandbox CA, {@code pg_stat_ssl} on the server's side, and {@code rds.force_ssl}
 * applied without a reboot.
 */
class RdsTlsTest {

    private static RdsPostgresInstance instance;

    @BeforeAll
    static void start() {
        instance = RdsPostgresInstance.builder("tls-orders").start();
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private static Connection connect(String sslmode, String host) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", instance.masterUsername());
        props.setProperty("password", instance.masterPassword());
        props.setProperty("sslmode", sslmode);
        props.setProperty("sslrootcert", SandboxTls.get().caCertificateFile().toString());
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + instance.port() + "/postgres", props);
    }

    @Test
    void theKeyIsPrivateAndTheCaKeyIsGone() throws Exception {
        SandboxTls tls = SandboxTls.get();
        Path key = Path.of(tls.serverSettings().get("ssl_key_file"));
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(key)).startsWith("-----" + PKCS8PEMResourceKeyPairParser.BEGIN_MARKER + "-----");
        assertThat(tls.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("server.key",
                    "server.crt", "root.crt");
        }
    }

    @Test
    void psqlWithSslmodeRequireIsEncrypted() throws Exception {
        assertThat(psqlSsl("localhost", "sslmode=require")).isEqualTo("t");
    }

    /** libpq's (OpenSSL's) view of the chain: the CA and server certificate the sandbox writes in the JVM. */
    @Test
    void psqlWithVerifyFullTrustsTheSandboxCaOnEveryEndpointName() throws Exception {
        for (String host : List.of("localhost", "127.0.0.1")) {
            assertThat(psqlSsl(host, "sslmode=verify-full sslrootcert=" + SandboxTls.get().caCertificateFile()))
                    .as("psql to " + host).isEqualTo("t");
        }
    }

    /** What psql prints for the session's {@code pg_stat_ssl.ssl} with these TLS options; psql must succeed. */
    private static String psqlSsl(String host, String tlsOptions) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of(
                "/usr/bin/psql")), "psql is not installed");
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/psql", "-X", "-A", "-t",
                "host=" + host + " port=" + instance.port() + " user=" + instance.masterUsername()
                        + " dbname=postgres " + tlsOptions + " connect_timeout=5",
                "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        pb.environment().put("PGPASSWORD", instance.masterPassword());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void verifyFullWithTheSandboxCaPassesOnEveryEndpointName() throws SQLException {
        for (String host : List.of("localhost", "127.0.0.1")) {
            try (Connection c = connect("verify-full", host)) {
                assertThat(PgClient.rows(c, "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                        .singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo("t"));
            }
        }
    }

    @Test
    void verifyFullWithoutTheCaFails() {
        Properties props = new Properties();
        props.setProperty("user", instance.masterUsername());
        props.setProperty("password", instance.masterPassword());
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThatThrownBy(() -> DriverManager.getConnection(instance.jdbcUrl("postgres"), props).close())
                .isInstanceOf(SQLException.class).hasStackTraceContaining("PKIX");
    }

    /** Under TLS the proxy cannot see the user: rds_replication membership is synced for every login role. */
    @Test
    void aReplicationUserConnectsOverTlsWithRdsReplication() throws SQLException {
        try (Connection c = connect("require", "127.0.0.1")) {
            PgClient.execute(c, "CREATE ROLE tls_repl LOGIN PASSWORD 'tls-repl-pw'", "GRANT rds_replication TO tls_repl");
        }
        Properties props = new Properties();
        props.setProperty("user", "tls_repl");
        props.setProperty("password", "tls-repl-pw");
        props.setProperty("sslmode", "require");
        props.setProperty("replication", "database");
        props.setProperty("preferQueryMode", "simple");
        props.setProperty("assumeMinServerVersion", "9.4");
        try (Connection c = DriverManager.getConnection(instance.jdbcUrl("postgres"), props)) {
            assertThat(PgClient.rows(c, "IDENTIFY_SYSTEM")).hasSize(1);
        }
    }

    @Test
    void forceSslRefusesPlainTextAtOnceAndTlsStillWorks() throws SQLException {
        instance.applyDynamic(Map.of("rds.force_ssl", "1"));
        try {
            assertThatThrownBy(() -> connect("disable", "127.0.0.1").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no pg_hba.conf entry for host \"127.0.0.1\", user \""
                            + instance.masterUsername() + "\", database \"postgres\", no encryption");
            try (Connection c = connect("require", "127.0.0.1")) {
                assertThat(PgClient.rows(c, "SELECT 1")).hasSize(1);
            }
        } finally {
            instance.applyDynamic(Map.of("rds.force_ssl", "0"));
        }
        try (Connection c = connect("disable", "127.0.0.1")) {
            assertThat(PgClient.rows(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .containsExactly(List.of("f"));
        }
    }
}
