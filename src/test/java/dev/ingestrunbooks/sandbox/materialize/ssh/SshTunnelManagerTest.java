package dev.ingestrunbooks.sandbox.materialize.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tunnel manager on its own: session reuse, reconnect, closing, and the bounded connect time. */
class SshTunnelManagerTest {
    @TempDir
    Path dir;
    private TestBastion bastion;
    private SshTunnelManager tunnels;
    private final SshKeyPairSet keys = SshKeyPairSet.generate();

    @BeforeEach
    void start() throws Exception {
        bastion = new TestBastion(dir).start();
        bastion.authorize(keys.publicKey1());
        // the real deadline: under load, the first session (the bastion makes its host key then) can take over 1 s
        tunnels = new SshTunnelManager(MaterializeSshTunnelTest.EGRESS, SshTunnelManager.CONNECT_TIMEOUT);
    }

    @AfterEach
    void stop() throws Exception {
        tunnels.close();
        bastion.close();
    }

    @Test
    void oneSessionPerTargetIsReusedReopenedWhenDeadAndClosedWithItsConnection() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread server = new Thread(() -> echoOnce(echo));
            server.setDaemon(true);
            server.start();
            SshBastion b = new SshBastion("127.0.0.1", bastion.port(), TestBastion.USER);
            InetSocketAddress first = tunnels.forward("u1", b, keys.primary(), "127.0.0.1", echo.getLocalPort());
            assertThat(tunnels.forward("u1", b, keys.primary(), "127.0.0.1", echo.getLocalPort())).isEqualTo(first);
            assertThat(bastion.activeSessions()).isEqualTo(1);
            try (Socket s = new Socket(first.getAddress(), first.getPort())) {
                s.getOutputStream().write("ping\n".getBytes());
                assertThat(new String(s.getInputStream().readNBytes(5))).isEqualTo("ping\n");
            }

            bastion.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> tunnels.openTunnels() == 0);
            assertThatThrownBy(() -> tunnels.forward("u1", b, keys.primary(), "127.0.0.1", echo.getLocalPort()))
                    .hasMessage("failed to connect to the remote host: connect to host 127.0.0.1 port "
                            + bastion.port() + ": Connection refused");
            bastion.start();
            tunnels.forward("u1", b, keys.primary(), "127.0.0.1", echo.getLocalPort());
            assertThat(tunnels.openTunnels()).isEqualTo(1);

            tunnels.retainOnly(Set.of("u1"));
            assertThat(tunnels.openTunnels()).isEqualTo(1);
            tunnels.closeTunnelsOf("u1");
            assertThat(tunnels.openTunnels()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> bastion.activeSessions() == 0);
            assertThat(bastion.clientAddresses()).containsOnly(MaterializeSshTunnelTest.EGRESS);
        }
    }

    @Test
    void aBastionThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             SshTunnelManager quick = new SshTunnelManager(MaterializeSshTunnelTest.EGRESS, Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> quick.validate(new SshBastion("127.0.0.1", silent.getLocalPort(), "u"),
                    keys.primary())).hasMessage("failed to connect to the remote host: connect to host 127.0.0.1"
                            + " port " + silent.getLocalPort() + ": Connection timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            out.write(in.readNBytes(5));
            out.flush();
        } catch (Exception e) {
            // the test fails on its own assertions
        }
    }
}
