package dev.ingestrunbooks.sandbox.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: an echo backend, clients bound to 127.0.0.2 (admitted) or 127.0.0.3 (dropped). */
class TcpFrontTest {

    private static final String ADMITTED = "127.0.0.2";
    private static final String DROPPED = "127.0.0.3";
    private static final String REJECTED = "127.0.0.4";

    private ServerSocket echo;
    private final List<Socket> backendConnections = new CopyOnWriteArrayList<>();
    private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();
    private TcpFront front;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::echoLoop, "echo");
        acceptor.setDaemon(true);
        acceptor.start();
        front = TcpFront.builder("test").bindAddress("127.0.200.5")
                .backend(new InetSocketAddress("127.0.0.1", echo.getLocalPort()))
                .holdCap(Duration.ofSeconds(5))
                .admissionRule(attempt -> {
                    attempts.add(attempt);
                    String source = attempt.source().getAddress().getHostAddress();
                    return switch (source) {
                        case DROPPED -> Admission.drop("no inbound rule");
                        case REJECTED -> Admission.reject("08004", "closed");
                        default -> Admission.admit();
                    };
                }).start();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                backendConnections.add(s);
                Thread t = new Thread(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException ignored) {
                        // client gone
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        front.close();
        echo.close();
    }

    private static Socket connectFrom(String source, InetSocketAddress target) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(target, 1_000);
        s.setSoTimeout(1_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.UTF_8);
    }

    @Test
    void admittedClientIsPipedAndTheRuleSeesItsSourceAddress() throws IOException {
        assertThat(front.address()).isEqualTo("127.0.200.5");
        try (Socket s = connectFrom(ADMITTED, front.endpoint())) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.source().getAddress().getHostAddress()).isEqualTo(ADMITTED);
            assertThat(a.user()).isEmpty();
        });
    }

    @Test
    void aRouterPicksEachConnectionsBackendAndSourceAndAnEmptyRouteResetsTheClient() throws IOException {
        front.close();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.net.InetAddress source = java.net.InetAddress.getByName("127.0.200.9");
        front = TcpFront.builder("routed").bindAddress("127.0.200.5")
                .router(attempt -> open.get()
                        ? java.util.Optional.of(new TcpFront.Route(new InetSocketAddress("127.0.0.1",
                                echo.getLocalPort()), source))
                        : java.util.Optional.empty())
                .start();
        try (Socket s = connectFrom(ADMITTED, front.endpoint())) {
            assertThat(roundTrip(s, "routed")).isEqualTo("routed");
        }
        assertThat(backendConnections).singleElement()
                .satisfies(b -> assertThat(b.getInetAddress().getHostAddress()).isEqualTo("127.0.200.9"));
        open.set(false);
        assertThatThrownBy(() -> { // the reset may already meet the connect on loopback
            try (Socket s = connectFrom(ADMITTED, front.endpoint())) {
                s.getInputStream().read();
            }
        }).isInstanceOf(java.net.SocketException.class);
        assertThat(backendConnections).hasSize(1);
    }

    @Test
    void droppedClientConnectsButHearsNothingAndReachesNoBackend() throws IOException {
        try (Socket s = connectFrom(DROPPED, front.endpoint())) {
            s.setSoTimeout(700);
            s.getOutputStream().write("anyone?".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(backendConnections).isEmpty();
    }

    @Test
    void droppedClientIsClosedAfterTheHoldCap() throws IOException {
        front.close();
        front = TcpFront.builder("capped").bindAddress("127.0.200.5")
                .backend(new InetSocketAddress("127.0.0.1", echo.getLocalPort()))
                .admissionRule(a -> Admission.drop("nobody")).holdCap(Duration.ofMillis(300)).start();
        try (Socket s = connectFrom(ADMITTED, front.endpoint())) {
            s.setSoTimeout(3_000);
            long t0 = System.nanoTime();
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(200));
        }
    }

    @Test
    void rejectedClientIsResetAtOnce() throws IOException {
        // The kernel completes the handshake before the front accepts and resets; a reset that lands while the JDK is
        // still finishing connect() (it polls, then reads SO_ERROR) fails connect() itself with "Connection reset".
        // Either way the client is reset, never left waiting (readOrReset would time out after 1 s).
        try (Socket s = connectFrom(REJECTED, front.endpoint())) {
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
        } catch (SocketException e) {
            assertThat(e).as("connect() itself met the reset").hasMessageContaining("reset");
        }
        assertThat(backendConnections).isEmpty();
    }

    @Test
    void rebindKeepsThePortAndTheOldAddressStopsAnswering() throws IOException {
        InetSocketAddress old = front.endpoint();
        front.rebind("127.0.201.9");
        assertThat(front.port()).isEqualTo(old.getPort());
        assertThat(front.address()).isEqualTo("127.0.201.9");
        assertThatThrownBy(() -> connectFrom(ADMITTED, old).close()).isInstanceOf(ConnectException.class);
        try (Socket s = connectFrom(ADMITTED, front.endpoint())) {
            assertThat(roundTrip(s, "moved")).isEqualTo("moved");
        }
    }

    @Test
    void closeEndsPipedConnectionsAndFreesThePort() throws IOException {
        InetSocketAddress endpoint = front.endpoint();
        try (Socket piped = connectFrom(ADMITTED, endpoint); Socket held = connectFrom(DROPPED, endpoint)) {
            assertThat(roundTrip(piped, "x")).isEqualTo("x");
            front.close();
            assertThat(readOrReset(piped.getInputStream())).isEqualTo(-1);
            assertThat(readOrReset(held.getInputStream())).isEqualTo(-1);
        }
        try (ServerSocket again = new ServerSocket(endpoint.getPort(), 1, endpoint.getAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(endpoint.getPort());
        }
    }

    /** -1 on an orderly close or a reset; a timeout propagates. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return -1;
        }
    }
}
