package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import dev.ingestrunbooks.sandbox.rds.SandboxTls;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * The emulator's four SSL MODEs against a sandbox RDS instance with {@code rds.force_ssl=1}: {@code disable} refused
 * with PostgreSQL's error in Materialize's wording, {@code require} encrypted ({@code pg_stat_ssl} on the upstream),
 * {@code verify_ca} / {@code verify_full} with and without the sandbox CA, and {@code verify_full} checking HOST
 * through a tunnel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamTlsTest {
    private static final String PASSWORD = Credentials.generatePassword();
    private RdsPostgresInstance rds;
    private MaterializeEmulator mz;

    @BeforeAll
    void start() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-tls-upstream").start();
        rds.reboot(Map.of("rds.logical_replication", "1", "rds.force_ssl", "1"));
        try (Connection c = upstreamConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id int PRIMARY KEY)");
            s.execute("ALTER TABLE orders REPLICA IDENTITY FULL");
            s.execute("INSERT INTO orders SELECT generate_series(1, 10)");
            s.execute("CREATE PUBLICATION mz_source FOR ALL TABLES");
        }
        mz = new MaterializeEmulator().withPassword(PASSWORD).start();
        mz("CREATE SECRET pgpass AS '" + rds.masterPassword() + "'",
                "CREATE SECRET sandbox_ca AS '" + SandboxTls.get().caPem() + "'");
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

    private String connection(String name, String host, String sslOptions) {
        return "CREATE CONNECTION " + name + " TO POSTGRES (HOST '" + host + "', PORT " + rds.port() + ", USER '"
                + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres'" + sslOptions
                + ") WITH (VALIDATE = false)";
    }

    private String validationError(String connection) {
        try {
            mz("VALIDATE CONNECTION " + connection);
            return null;
        } catch (PSQLException e) {
            return e.getServerErrorMessage().getMessage();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void disableIsRefusedByForceSslWithPostgresqlsErrorInMaterializesWording() throws SQLException {
        mz(connection("plain", rds.host(), ""));
        assertThat(validationError("plain")).isEqualTo("db error: FATAL: no pg_hba.conf entry for host \"127.0.0.1\","
                + " user \"" + rds.masterUsername() + "\", database \"postgres\", no encryption");
    }

    @Test
    void requireEncryptsTheSourcesUpstreamSessions() throws SQLException {
        mz(connection("tls_require", rds.host(), ", SSL MODE 'require'"));
        assertThat(validationError("tls_require")).isNull();
        mz("CREATE SOURCE tls_src FROM POSTGRES CONNECTION tls_require (PUBLICATION 'mz_source') FOR ALL TABLES");
        try {
            await("the source streams").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> rows(mzConnection(), "SELECT count(*) FROM orders").equals(List.of("10")));
            String query = "SELECT s.ssl, a.backend_type FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                    + " WHERE a.application_name = 'materialize'";
            await("the replication stream is open").atMost(Duration.ofSeconds(30))
                    .until(() -> rows(upstreamConnection(), query).contains("t|walsender"));
            assertThat(rows(upstreamConnection(), query)).allSatisfy(row -> assertThat(row).startsWith("t|"));
            // the emulator offers ChaCha20-Poly1305 first and the sandbox server lets the client choose
            assertThat(rows(upstreamConnection(), "SELECT s.cipher FROM pg_stat_ssl s JOIN pg_stat_activity a"
                    + " USING (pid) WHERE a.application_name = 'materialize' AND a.backend_type = 'walsender'"))
                    .containsExactly("TLS_CHACHA20_POLY1305_SHA256");
        } finally {
            mz("DROP SOURCE tls_src CASCADE");
        }
    }

    @Test
    void verifyCaNeedsTheCertificateAuthority() throws SQLException {
        mz(connection("ca_ok", rds.host(), ", SSL MODE 'verify-ca', SSL CERTIFICATE AUTHORITY SECRET sandbox_ca"),
                connection("ca_missing", rds.host(), ", SSL MODE 'verify-ca'"));
        assertThat(validationError("ca_ok")).isNull();
        assertThat(validationError("ca_missing")).isEqualTo(UpstreamTlsErrors.UNTRUSTED)
                .startsWith("error performing TLS handshake: ").contains("certificate verify failed");
    }

    @Test
    void verifyFullChecksTheHostNameToo() throws SQLException {
        mz(connection("full_ip", "127.0.0.1", ", SSL MODE 'verify-full', SSL CERTIFICATE AUTHORITY SECRET sandbox_ca"),
                connection("full_name", "localhost", ", SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY SECRET"
                        + " sandbox_ca"),
                connection("full_no_ca", "localhost", ", SSL MODE 'verify-full'"));
        assertThat(validationError("full_ip")).isNull();
        assertThat(validationError("full_name")).isNull();
        assertThat(validationError("full_no_ca")).isEqualTo(UpstreamTlsErrors.UNTRUSTED);
    }

    @Test
    void verifyFullThroughATunnelChecksHostNotTheTunnelsAddress() throws SQLException {
        UpstreamTunnel tunnel = (host, port) -> new InetSocketAddress("127.0.0.1", rds.port());
        UpstreamTls full = new UpstreamTls("verify_full", Optional.of(SandboxTls.get().caPem()));
        UpstreamEndpoint named = UpstreamEndpoint.of("localhost", 5432, "postgres", rds.masterUsername(),
                rds.masterPassword()).withTunnel(tunnel).withTls(full);
        try (Connection c = named.connect()) {
            assertThat(rows(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).containsExactly("t");
        }
        UpstreamEndpoint other = UpstreamEndpoint.of("db.internal.example", 5432, "postgres", rds.masterUsername(),
                rds.masterPassword()).withTunnel(tunnel).withTls(full);
        assertThatThrownBy(other::connect).isInstanceOfSatisfying(TunnelFailure.class, e -> {
            assertThat(e.getMessage()).isEqualTo(UpstreamTlsErrors.HOSTNAME_MISMATCH).contains("(Hostname mismatch)");
            assertThat(e.namespace()).isEqualTo("postgres");
        });
        UpstreamEndpoint required = UpstreamEndpoint.of("db.internal.example", 5432, "postgres", rds.masterUsername(),
                rds.masterPassword()).withTunnel(tunnel).withTls(new UpstreamTls("require", Optional.empty()));
        try (Connection c = required.connect()) {
            assertThat(rows(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).containsExactly("t");
        }
    }

    private Connection mzConnection() throws SQLException {
        return DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD);
    }

    private Connection upstreamConnection() throws SQLException {
        return DriverManager.getConnection(rds.jdbcUrl("postgres") + "?sslmode=require", rds.masterUsername(),
                rds.masterPassword());
    }

    private void mz(String... statements) throws SQLException {
        try (Connection c = mzConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }
}
