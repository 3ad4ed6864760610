package dev.ingestrunbooks.sandbox.materialize.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import dev.ingestrunbooks.sandbox.materialize.JdbcRows;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * SSH TUNNEL connections of the sandbox Materialize against a real SSH server (MINA sshd on loopback, public-key
 * authentication from an authorized_keys file): key format and the guide's catalog query, VALIDATE CONNECTION
 * with and without the keys installed and with the bastion down, the egress address the bastion sees, ROTATE KEYS,
 * and keys surviving a restart. The ingestion through the tunnel is in {@link MaterializeSshSourceTest}.
 */
class MaterializeSshTunnelTest {
    static final String EGRESS = "127.0.0.2";
    static final String PASSWORD = Credentials.generatePassword();
    static final String KEY = "ssh-ed25519 AAAA[A-Za-z0-9+/]+=* materialize";
    static final String GUIDE_QUERY = "SELECT mz_connections.name, mz_ssh_tunnel_connections.* FROM mz_connections"
            + " JOIN mz_ssh_tunnel_connections USING(id) WHERE mz_connections.name = 'ssh_connection';";

    @TempDir
    Path dir;
    private TestBastion bastion;
    private MaterializeEmulator mz;

    @BeforeEach
    void start() throws Exception {
        bastion = new TestBastion(dir).start();
        mz = emulator().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (mz != null) {
            mz.close();
        }
        bastion.close();
    }

    private MaterializeEmulator emulator() {
        return new MaterializeEmulator().withPassword(PASSWORD).withEgressAddress(EGRESS)
                .withStateDirectory(dir.resolve("mz-state"));
    }

    @Test
    void keysShowInTheGuideQueryAndValidationNeedsThePrimaryKeyInstalled() throws Exception {
        run(createSsh());
        List<String> row = rows(GUIDE_QUERY);
        assertThat(row).hasSize(1);
        String[] columns = row.get(0).split("\\|");
        assertThat(columns).hasSize(4);
        assertThat(columns[0]).isEqualTo("ssh_connection");
        assertThat(columns[1]).isEqualTo(rows("SELECT id FROM mz_connections WHERE name = 'ssh_connection'").get(0));
        assertThat(columns[2]).matches(KEY);
        assertThat(columns[3]).matches(KEY).isNotEqualTo(columns[2]);
        assertThat(rows("SELECT type FROM mz_connections WHERE name = 'ssh_connection'")).containsExactly("ssh-tunnel");
        assertThat(String.join("\n", rows("SELECT create_sql || redacted_create_sql FROM mz_connections")))
                .doesNotContain("PRIVATE").contains(columns[2]);

        assertThatThrownBy(() -> run("VALIDATE CONNECTION ssh_connection")).isInstanceOf(PSQLException.class)
                .hasMessageContaining("failed to connect to the remote host: " + TestBastion.USER
                        + "@127.0.0.1: Permission denied (publickey).")
                .satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("58000"));
        bastion.authorize(columns[3]);
        assertThatThrownBy(() -> run("VALIDATE CONNECTION ssh_connection")).as("only the primary key is offered")
                .hasMessageContaining("Permission denied (publickey)");
        bastion.authorize(columns[2], columns[3]);
        run("VALIDATE CONNECTION ssh_connection");
        assertThat(bastion.clientAddresses()).as("every session leaves from the egress address").hasSize(3)
                .containsOnly(EGRESS);
        await("a validation session is closed again").atMost(Duration.ofSeconds(10))
                .until(() -> bastion.activeSessions() == 0);

        bastion.stop();
        assertThatThrownBy(() -> run("VALIDATE CONNECTION ssh_connection")).hasMessageContaining(
                "failed to connect to the remote host: connect to host 127.0.0.1 port " + bastion.port()
                        + ": Connection refused");
        assertThat(Files.readString(dir.resolve("mz-state/backing/server.log"))).doesNotContain("PRIVATE KEY");
    }

    @Test
    void creationValidatesOnlyWhenAskedAndReportsAnUnknownHost() throws Exception {
        assertThatThrownBy(() -> run("CREATE CONNECTION bad TO SSH TUNNEL (HOST 'no-such-bastion.invalid', USER 'u',"
                + " PORT 22) WITH (VALIDATE)")).hasMessageContaining(
                "failed to connect to the remote host: Could not resolve hostname no-such-bastion.invalid");
        assertThat(rows("SHOW CONNECTIONS")).as("a failed validation leaves no connection").isEmpty();
        run("CREATE CONNECTION unvalidated TO SSH TUNNEL (HOST 'no-such-bastion.invalid', USER 'u')");
        assertThat(rows("SELECT count(*) FROM mz_ssh_tunnel_connections")).containsExactly("1");
    }

    @Test
    void rotateKeysPromotesTheSecondKeyAndNeedsTheNewKeysInstalled() throws Exception {
        run(createSsh());
        String[] before = keys();
        bastion.authorize(before[0], before[1]);
        run("VALIDATE CONNECTION ssh_connection");

        run("ALTER CONNECTION ssh_connection ROTATE KEYS");
        String[] after = keys();
        assertThat(after[0]).as("public_key_2 becomes public_key_1").isEqualTo(before[1]);
        assertThat(after[1]).matches(KEY).isNotIn(before[0], before[1]);
        run("VALIDATE CONNECTION ssh_connection");
        bastion.authorize(before[0]);
        assertThatThrownBy(() -> run("VALIDATE CONNECTION ssh_connection"))
                .hasMessageContaining("Permission denied (publickey)");

        run("ALTER CONNECTION ssh_connection ROTATE KEYS");
        bastion.authorize(keys()[0], keys()[1]);
        run("VALIDATE CONNECTION ssh_connection");
        assertThat(String.join("\n", rows("SELECT create_sql FROM mz_connections"))).contains(keys()[1]);

        run("ALTER CONNECTION IF EXISTS no_such ROTATE KEYS");
        run("CREATE SECRET pgpass AS 'x'", "CREATE CONNECTION pg TO POSTGRES (HOST '127.0.0.1', DATABASE 'd',"
                + " USER 'u', PASSWORD SECRET pgpass, SSH TUNNEL ssh_connection) WITH (VALIDATE = false)");
        assertThatThrownBy(() -> run("ALTER CONNECTION pg ROTATE KEYS"))
                .hasMessageContaining("materialize.public.pg is not an SSH connection");
        assertThatThrownBy(() -> run("CREATE CONNECTION pg2 TO POSTGRES (HOST '127.0.0.1', DATABASE 'd',"
                + " USER 'u', SSH TUNNEL pg) WITH (VALIDATE = false)")).hasMessageContaining("pg is not an SSH connection");
        assertThatThrownBy(() -> run("DROP CONNECTION ssh_connection")).hasMessageContaining("still depended upon");
        run("DROP CONNECTION ssh_connection CASCADE");
        assertThat(rows("SELECT count(*) FROM mz_ssh_tunnel_connections")).containsExactly("0");
    }

    @Test
    void keysSurviveARestartOnTheSavedState() throws Exception {
        run(createSsh());
        String[] before = keys();
        bastion.authorize(before[0]);
        mz.close();
        mz = emulator().start();
        assertThat(keys()).containsExactly(before);
        run("VALIDATE CONNECTION ssh_connection");
        run("ALTER CONNECTION ssh_connection ROTATE KEYS");
        String[] rotated = keys();
        mz.close();
        mz = emulator().start();
        assertThat(keys()).containsExactly(rotated);
        assertThat(Files.readString(dir.resolve("mz-state/catalog.properties"))).contains("OPENSSH PRIVATE KEY");
    }

    private String createSsh() {
        return "CREATE CONNECTION ssh_connection TO SSH TUNNEL (HOST '127.0.0.1', USER '" + TestBastion.USER
                + "', PORT " + bastion.port() + ")";
    }

    private String[] keys() throws SQLException {
        String[] row = rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections").get(0).split("\\|");
        return row;
    }

    private Connection mzConnection() throws SQLException {
        return DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD);
    }

    private void run(String... statements) throws SQLException {
        try (Connection c = mzConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private List<String> rows(String sql) throws SQLException {
        return JdbcRows.rows(mzConnection(), sql);
    }
}
