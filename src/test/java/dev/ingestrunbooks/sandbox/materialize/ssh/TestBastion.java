package dev.ingestrunbooks.sandbox.materialize.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An SSH bastion for tests: Apache MINA's {@link SshServer} on loopback, public-key authentication only against an
 * {@code authorized_keys} file read at every attempt (so a test can change the installed keys at any time), any
 * port forwarding allowed, and the source address of every client recorded.
 */
final class TestBastion implements AutoCloseable {
    static final String USER = "bastion";

    private final Path authorizedKeys;
    private final Path hostKey;
    private final List<String> clientAddresses = new CopyOnWriteArrayList<>();
    private SshServer server;
    private int port;

    TestBastion(Path directory) {
        this.authorizedKeys = directory.resolve("authorized_keys");
        this.hostKey = directory.resolve("host_key");
    }

    /** Starts on a free port (first start) or on the port it had before (a restart). */
    TestBastion start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && authorized(key));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                clientAddresses.add(((InetSocketAddress) session.getIoSession().getRemoteAddress()).getAddress().getHostAddress());
            }
        });
        server.start();
        port = server.getPort();
        return this;
    }

    private boolean authorized(PublicKey key) {
        try {
            if (!Files.exists(authorizedKeys)) {
                return false;
            }
            for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeys)) {
                if (KeyUtils.compareKeys(key, entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the authorized_keys file with {@code keys} (lines as Materialize shows them). */
    void authorize(String... keys) throws IOException {
        Files.writeString(authorizedKeys, String.join("\n", keys) + (keys.length > 0 ? "\n" : ""));
    }

    int port() {
        return port;
    }

    /** The source address of every SSH client so far, in order. */
    List<String> clientAddresses() {
        return List.copyOf(clientAddresses);
    }

    /** The number of sessions open now. */
    int activeSessions() {
        return server == null ? 0 : server.getActiveSessions().size();
    }

    /** Stops the server, closing every session (as a bastion that goes down). */
    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
