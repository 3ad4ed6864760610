package dev.ingestrunbooks.sandbox.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/** Black-box tests through pgJDBC and raw sockets; one plain embedded server (trust auth) as upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgFrontProxyTest {

    private EmbeddedPostgres upstream;
    private PgFrontProxy proxy;
    private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        upstream = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        proxy = PgFrontProxy.builder("test").upstream(new InetSocketAddress("127.0.0.1", upstream.getPort()))
                .startupTimeout(Duration.ofSeconds(2))
                .admissionRule(attempt -> {
                    attempts.add(attempt);
                    return attempt.user().equals("intruder")
                            ? Admission.reject("28000", "no pg_hba.conf entry for the intruder")
                            : Admission.admit();
                }).start();
    }

    @AfterAll
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    private Connection connect(String user) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?user=" + user
                + "&connectTimeout=5");
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void relaysAConnectionAndReportsTheAttemptToTheRule() throws SQLException {
        try (Connection c = connect("postgres")) {
            assertThat(query(c, "SELECT 40 + 2")).isEqualTo("42");
        }
        assertThat(attempts).anySatisfy(a -> {
            assertThat(a.user()).isEqualTo("postgres");
            assertThat(a.database()).isEqualTo("postgres");
            assertThat(a.replication()).isFalse();
            assertThat(a.source().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        });
    }

    /** The server (without TLS here) answers the relayed SSLRequest with 'N': the client goes on in plain text. */
    @Test
    void sslRequestIsDeclinedAndTheConnectionContinuesInPlainText() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port()
                + "/postgres?user=postgres&sslmode=prefer")) {
            assertThat(query(c, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void rejectionReachesTheClientAsAFatalError() {
        assertThatThrownBy(() -> connect("intruder"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getServerErrorMessage().getSeverity()).isEqualTo("FATAL");
                    assertThat(e.getServerErrorMessage().getMessage())
                            .isEqualTo("no pg_hba.conf entry for the intruder");
                });
    }

    @Test
    void cancelRequestIsRelayed() throws Exception {
        try (Connection c = connect("postgres")) {
            java.sql.Statement statement = c.createStatement();
            Thread canceller = new Thread(() -> {
                try {
                    org.awaitility.Awaitility.await("pg_sleep is running").atMost(Duration.ofSeconds(5))
                            .until(() -> pgSleepRunning());
                    statement.cancel();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            canceller.start();
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.join();
        }
    }

    private boolean pgSleepRunning() throws SQLException {
        try (Connection c = connect("postgres")) {
            return "1".equals(query(c, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'"
                    + " AND state = 'active'"));
        }
    }

    @Test
    void survivesGarbageAndSilentClients() throws Exception {
        assertThat(sendAndReadUntilClosed(new byte[] {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'})).isEmpty();
        assertThat(sendAndReadUntilClosed(ByteBuffer.allocate(8).putInt(8).putInt(0x00020000).array())).isEmpty();
        assertThat(sendAndReadUntilClosed(new byte[] {0, 0})).isEmpty();

        try (Connection c = connect("postgres")) {
            assertThat(query(c, "SELECT 'still serving'")).isEqualTo("still serving");
        }
    }

    /** Writes bytes, then reads until the proxy closes (the startup timeout bounds a silent wait). */
    private byte[] sendAndReadUntilClosed(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void upstreamCanBeSwitched() throws Exception {
        try (PgFrontProxy other = PgFrontProxy.builder("switch").upstream(new InetSocketAddress("127.0.0.1", 1))
                .start()) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + other.port()
                    + "/postgres?user=postgres"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P03"));
            other.setUpstream(new InetSocketAddress("127.0.0.1", upstream.getPort()));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + other.port()
                    + "/postgres?user=postgres")) {
                assertThat(query(c, "SELECT 1")).isEqualTo("1");
            }
        }
    }

    private static final byte[] SSL_REQUEST = ByteBuffer.allocate(8).putInt(8).putInt(StartupPacket.SSL_REQUEST_CODE)
            .array();

    @Test
    void anSslRequestIsJudgedOnItsSourceBeforeAnyByteReachesTheServer() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            List<ConnectionAttempt> seen = new CopyOnWriteArrayList<>();
            try (PgFrontProxy dropping = PgFrontProxy.builder("tls-drop")
                    .upstream(new InetSocketAddress("127.0.0.1", server.getLocalPort()))
                    .admissionRule(attempt -> {
                        seen.add(attempt);
                        return Admission.drop("not in the security group");
                    }).start();
                    Socket client = new Socket("127.0.0.1", dropping.port())) {
                client.getOutputStream().write(SSL_REQUEST);
                client.setSoTimeout(700);
                assertThatThrownBy(() -> client.getInputStream().read())
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                server.setSoTimeout(200);
                assertThatThrownBy(server::accept).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(seen).singleElement().satisfies(a -> {
                    assertThat(a.userKnown()).isFalse();
                    assertThat(a.source().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                });
            }
        }
    }

    @Test
    void anAdmittedSslRequestAndEverythingAfterItAreRelayedOpaquely() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                PgFrontProxy relaying = PgFrontProxy.builder("tls-relay")
                        .upstream(new InetSocketAddress("127.0.0.1", server.getLocalPort())).start()) {
            Thread fakeServer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    byte[] request = s.getInputStream().readNBytes(8);
                    s.getOutputStream().write(java.util.Arrays.equals(request, SSL_REQUEST) ? 'S' : 'X');
                    s.getOutputStream().write(s.getInputStream().readNBytes(5)); // "TLS" bytes echoed back
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            fakeServer.start();
            try (Socket client = new Socket("127.0.0.1", relaying.port())) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write(SSL_REQUEST);
                assertThat(client.getInputStream().read()).isEqualTo('S');
                byte[] opaque = {0x16, 0x03, 0x01, 0x00, 0x00};
                client.getOutputStream().write(opaque);
                assertThat(client.getInputStream().readNBytes(5)).isEqualTo(opaque);
            }
            fakeServer.join(5_000);
        }
    }
}
