package dev.ingestrunbooks.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.ConnectionAttempt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real MINA {@link SshClient} against a real bastion on loopback. Clients bind to 127.0.0.2 (the security group
 * admits it) or 127.0.0.3 (it does not) to choose their source address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshBastionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ADMITTED = "127.0.0.2";
    private static final String DROPPED = "127.0.0.3";
    private static final String PUBLIC_IP = "127.0.200.5";
    private static final String PRIVATE_IP = "127.0.16.4";
    private static final String USER = "ec2-user";

    private SshClient client;
    private KeyPair launchKey;
    private SshBastion bastion;
    private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startClient() throws GeneralSecurityException {
        client = SshClient.setUpDefaultClient();
        client.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, bastion.hostKey()));
        client.start();
        launchKey = newKey();
    }

    @AfterAll
    void stopClient() {
        client.stop();
    }

    @BeforeEach
    void startBastion() {
        attempts.clear();
        bastion = SshBastion.builder("i-0bastion").publicAddress(PUBLIC_IP).privateAddress(PRIVATE_IP)
                .user(USER, line(launchKey, "launch-key"))
                .dropHoldCap(Duration.ofSeconds(3))
                .admissionRule(attempt -> {
                    attempts.add(attempt);
                    return attempt.source().getAddress().getHostAddress().equals(DROPPED)
                            ? Admission.drop("no inbound rule admits " + DROPPED) : Admission.admit();
                }).start();
    }

    @AfterEach
    void stopBastion() {
        bastion.close();
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair("ssh-ed25519", 256);
    }

    private static String line(KeyPair key, String comment) {
        return PublicKeyEntry.toString(key.getPublic()) + " " + comment;
    }

    private ClientSession login(KeyPair key) throws IOException {
        return login(ADMITTED, bastion.endpoint(), key);
    }

    private ClientSession login(String source, InetSocketAddress target, KeyPair key) throws IOException {
        ClientSession session = client.connect(USER, target, null, new InetSocketAddress(source, 0))
                .verify(TIMEOUT).getSession();
        try {
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    private record Result(Integer status, String out, String err) {
    }

    private static Result exec(ClientSession session, String command, String stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            return new Result(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void admittedClientLogsInWithTheLaunchKeyOnTheReportedPublicEndpoint() throws IOException {
        assertThat(bastion.publicAddress()).isEqualTo(PUBLIC_IP);
        assertThat(bastion.port()).isPositive();
        try (ClientSession session = login(launchKey)) {
            assertThat(session.isAuthenticated()).isTrue();
        }
        assertThat(attempts).isNotEmpty().allSatisfy(a -> assertThat(a.source().getAddress().getHostAddress())
                .isEqualTo(ADMITTED));
        assertThat(bastion.authorizedKeys(USER)).containsExactly(line(launchKey, "launch-key"));
    }

    @Test
    void wrongKeyIsRefused() {
        assertThatThrownBy(() -> login(newKey()).close())
                .isInstanceOf(SshException.class)
                .hasMessageContaining("No more authentication methods available");
    }

    @Test
    void unknownUserIsRefused() throws IOException {
        try (ClientSession session = client.connect("root", bastion.endpoint(), null,
                new InetSocketAddress(ADMITTED, 0)).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(launchKey);
            assertThatThrownBy(() -> session.auth().verify(TIMEOUT)).isInstanceOf(SshException.class);
        }
    }

    @Test
    void keysAppendedWithCatThenLogIn() throws Exception {
        KeyPair mz1 = newKey();
        KeyPair mz2 = newKey();
        try (ClientSession session = login(launchKey)) {
            // the second without a trailing newline: the next append must still start on a line of its own
            assertThat(exec(session, "cat >> ~/.ssh/authorized_keys", line(mz1, "materialize") + "\n").status())
                    .isZero();
            assertThat(exec(session, "cat >> ~/.ssh/authorized_keys", line(mz2, "materialize")).status()).isZero();
            Result listed = exec(session, "cat ~/.ssh/authorized_keys", "");
            assertThat(listed.status()).isZero();
            assertThat(listed.out().lines().toList()).containsExactly(line(launchKey, "launch-key"),
                    line(mz1, "materialize"), line(mz2, "materialize"));
        }
        assertThat(bastion.authorizedKeys(USER)).hasSize(3);
        try (ClientSession first = login(mz1); ClientSession second = login(mz2)) {
            assertThat(first.isAuthenticated()).isTrue();
            assertThat(second.isAuthenticated()).isTrue();
        }
    }

    @Test
    void keyAppendedWithTheGuidesEchoCommandLogsIn() throws Exception {
        KeyPair mz = newKey();
        try (ClientSession session = login(launchKey)) {
            Result result = exec(session, "echo \"" + line(mz, "materialize") + "\" >> ~/.ssh/authorized_keys", "");
            assertThat(result.status()).isZero();
        }
        try (ClientSession session = login(mz)) {
            assertThat(session.isAuthenticated()).isTrue();
        }
    }

    @Test
    void replacingTheFileRevokesTheOldKeyAtOnce() throws Exception {
        KeyPair replacement = newKey();
        try (ClientSession session = login(launchKey)) {
            assertThat(exec(session, "echo '" + line(replacement, "rotated") + "' > ~/.ssh/authorized_keys", "")
                    .status()).isZero();
        }
        assertThat(bastion.authorizedKeys(USER)).containsExactly(line(replacement, "rotated"));
        assertThatThrownBy(() -> login(launchKey).close()).isInstanceOf(SshException.class);
        try (ClientSession session = login(replacement)) {
            assertThat(session.isAuthenticated()).isTrue();
        }
    }

    @Test
    void shellRequestGetsAMessageAndExit127() throws IOException {
        try (ClientSession session = login(launchKey); ChannelShell shell = session.createShellChannel()) {
            shell.setIn(new ByteArrayInputStream("id\n".getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            shell.setOut(out);
            shell.setErr(out);
            shell.open().verify(TIMEOUT);
            shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertThat(shell.getExitStatus()).isEqualTo(127);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("no interactive shell").doesNotContain("uid=");
        }
    }

    @Test
    void authorizedKeysFileIsPrivate() throws IOException {
        Path file = bastion.homeRoot().resolve(USER).resolve(".ssh/authorized_keys");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bastion.homeRoot())))
                .isEqualTo("rwx------");
    }

    @Test
    void unsupportedCommandsExitWith127AndSaySo() throws IOException {
        try (ClientSession session = login(launchKey)) {
            Result uname = exec(session, "uname -a", "");
            assertThat(uname.status()).isEqualTo(127);
            assertThat(uname.err()).contains("restricted shell").contains("uname: command not found");
            Result piped = exec(session, "cat ~/.ssh/authorized_keys | sh", "");
            assertThat(piped.status()).isEqualTo(127);
            assertThat(exec(session, "cat /etc/passwd", "").status()).isEqualTo(127);
        }
        assertThat(bastion.authorizedKeys(USER)).hasSize(1);
    }

    @Test
    void localForwardingLeavesFromThePrivateIp() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
                ClientSession session = login(launchKey)) {
            CompletableFuture<String> seenSource = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = database.accept()) {
                    accepted.getOutputStream().write("hello from the database\n".getBytes(StandardCharsets.UTF_8));
                    accepted.getOutputStream().flush();
                    accepted.getInputStream().read();
                    return accepted.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            SshdSocketAddress local = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", database.getLocalPort()));
            try (Socket tunnel = new Socket("127.0.0.1", local.getPort())) {
                tunnel.setSoTimeout((int) TIMEOUT.toMillis());
                byte[] greeting = tunnel.getInputStream().readNBytes("hello from the database\n".length());
                assertThat(new String(greeting, StandardCharsets.UTF_8)).isEqualTo("hello from the database\n");
                tunnel.getOutputStream().write('x');
            }
            assertThat(seenSource.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(PRIVATE_IP);
        }
    }

    @Test
    void remoteForwardingIsRefused() throws IOException {
        try (ClientSession session = login(launchKey)) {
            assertThatThrownBy(() -> session.startRemotePortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", 9))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusedSourceConnectsButHearsNothing() throws IOException {
        try (Socket admitted = connectFrom(ADMITTED, bastion.endpoint())) {
            byte[] banner = admitted.getInputStream().readNBytes(8);
            assertThat(new String(banner, StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-");
        }
        try (Socket dropped = connectFrom(DROPPED, bastion.endpoint())) {
            assertThatThrownBy(() -> dropped.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusedSourceSshHandshakeTimesOut() throws IOException {
        try (ClientSession session = client.connect(USER, bastion.endpoint(), null,
                new InetSocketAddress(DROPPED, 0)).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(launchKey);
            assertThatThrownBy(() -> session.auth().verify(Duration.ofMillis(1500)))
                    .isInstanceOf(SshException.class).hasMessageContaining("timeout");
            assertThat(session.isAuthenticated()).isFalse();
        }
    }

    @Test
    void moveToKeepsThePortAndTheOldAddressStopsAnswering() throws IOException {
        InetSocketAddress old = bastion.endpoint();
        bastion.moveTo("127.0.201.7");
        assertThat(bastion.publicAddress()).isEqualTo("127.0.201.7");
        assertThat(bastion.port()).isEqualTo(old.getPort());
        assertThatThrownBy(() -> connectFrom(ADMITTED, old).close()).isInstanceOf(ConnectException.class);
        try (ClientSession session = login(launchKey)) {
            assertThat(session.isAuthenticated()).isTrue();
        }
    }

    @Test
    void closeEndsSessionsFreesThePortAndDeletesTheHomes() throws IOException {
        InetSocketAddress endpoint = bastion.endpoint();
        Path homes = bastion.homeRoot();
        ClientSession session = login(launchKey);
        bastion.close();
        session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), TIMEOUT);
        assertThat(session.isOpen()).isFalse();
        assertThat(homes).doesNotExist();
        try (ServerSocket again = new ServerSocket(endpoint.getPort(), 1, endpoint.getAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(endpoint.getPort());
        }
    }

    @Test
    void builderRefusesAPrivateKeyWithoutEchoingIt() throws Exception {
        String secret = openSshPrivateKey();
        String body = secret.lines().skip(1).findFirst().orElseThrow();
        assertThatThrownBy(() -> SshBastion.builder("x").user(USER, secret))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(body);
    }

    /** A fresh Ed25519 private key in OpenSSH form, made here rather than kept in the source. */
    private static String openSshPrivateKey() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
                org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256), "test", null, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Socket connectFrom(String source, InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(target, 1_000);
        socket.setSoTimeout(1_000);
        return socket;
    }
}
