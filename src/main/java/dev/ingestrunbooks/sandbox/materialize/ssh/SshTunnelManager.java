package dev.ingestrunbooks.sandbox.materialize.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's SSH sessions to bastions, the way Materialize's tunnel code holds them (its {@code tunnel.rs} and
 * {@code SshTunnelManager}):
 * <ul>
 * <li>{@link #validate}: a fresh session that is closed again (VALIDATE CONNECTION of an SSH TUNNEL), never a shared
 *     one, so it proves that a new connection works now;</li>
 * <li>{@link #forward}: one session per SSH connection and target {@code host:port}, shared by every upstream
 *     connection to that target, with a local port forward on {@code 127.0.0.1}; a session found closed is replaced
 *     by a new one at the next request, which is how reconnects and resumes get through after a bastion restart;</li>
 * <li>{@link #closeTunnelsOf}, {@link #retainOnly}, {@link #close}: sessions end with their connection, their last
 *     source, and the emulator.</li>
 * </ul>
 * Every session leaves from the egress address, authenticates as the bastion's user with the connection's
 * <b>primary</b> key only (Materialize offers no other), offers public-key authentication only, and accepts any
 * host key (Materialize accepts unknown host keys and keeps no known_hosts). Connecting, the handshake and
 * authentication together give up after {@link #CONNECT_TIMEOUT}, so a bastion behind a security group that drops
 * packets (or one that accepts and never answers) fails instead of hanging.
 *
 * <p>Limits: the host name is resolved by the JVM; one address per host (Materialize tries each resolved address);
 * no check that the bastion resolves to a public address; liveness is checked when a connection is requested (plus
 * sshd's heartbeat), not on Materialize's 30 s timer.
 */
public final class SshTunnelManager implements AutoCloseable {
    /**
     * How long a TCP connect plus SSH handshake and authentication may take. Materialize waits 30 s; on loopback a
     * session that succeeds takes well under a second even on a loaded 2-core machine, and every runbook whose point
     * is this timeout waits it out, so 4 s.
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4);
    /** Keepalive interval on open sessions, as Materialize's {@code keepalives_idle}. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(SshTunnelManager.class);

    private final String egressAddress;
    private final Duration connectTimeout;
    private final Map<TunnelKey, Tunnel> tunnels = new ConcurrentHashMap<>();
    private final Map<TunnelKey, Object> locks = new ConcurrentHashMap<>();
    private SshClient client;
    private boolean closed;

    /** {@code egressAddress}: the local address every session binds to (what the bastion sees as the client). */
    public SshTunnelManager(String egressAddress) {
        this(egressAddress, CONNECT_TIMEOUT);
    }

    /** As above with another connect timeout (tests). */
    SshTunnelManager(String egressAddress, Duration connectTimeout) {
        this.egressAddress = Objects.requireNonNull(egressAddress, "egressAddress");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** VALIDATE CONNECTION: opens a new session to {@code bastion} with {@code key}, then closes it. */
    public void validate(SshBastion bastion, KeyPair key) throws SshTunnelError {
        ClientSession session = open(bastion, key);
        try {
            session.close();
        } catch (IOException e) {
            LOG.debug("closing the validation session to {}: {}", bastion, e.toString());
        }
    }

    /**
     * The local address forwarding to {@code host:port} through {@code bastion}, for the SSH connection
     * {@code connectionId}; reuses the open session for that connection and target, else opens one.
     */
    public InetSocketAddress forward(String connectionId, SshBastion bastion, KeyPair key, String host, int port)
            throws SshTunnelError {
        TunnelKey tunnelKey = new TunnelKey(connectionId, bastion, host, port);
        synchronized (lockOf(tunnelKey)) {
            Tunnel existing = tunnels.get(tunnelKey);
            if (existing != null && existing.isOpen()) {
                return existing.local();
            }
            if (existing != null) {
                LOG.info("ssh tunnel to {}:{} via {} is down; reconnecting", host, port, bastion);
                existing.close();
                tunnels.remove(tunnelKey);
            }
            ClientSession session = open(bastion, key);
            try {
                SshdSocketAddress local = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                        new SshdSocketAddress(host, port));
                Tunnel tunnel = new Tunnel(session, new InetSocketAddress("127.0.0.1", local.getPort()));
                tunnels.put(tunnelKey, tunnel);
                LOG.info("ssh tunnel to {}:{} via {} listens on 127.0.0.1:{}", host, port, bastion, local.getPort());
                return tunnel.local();
            } catch (IOException e) {
                session.close(true);
                throw SshTunnelError.forwardFailed(String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * The local address of an open tunnel of {@code connectionId} to {@code host:port}, without opening one: lets a
     * source whose SSH connection is being dropped with CASCADE still reach its upstream to drop its slot.
     */
    public java.util.Optional<InetSocketAddress> openTunnel(String connectionId, String host, int port) {
        return tunnels.entrySet().stream().filter(e -> e.getKey().connectionId().equals(connectionId)
                && e.getKey().host().equals(host) && e.getKey().port() == port && e.getValue().isOpen())
                .map(e -> e.getValue().local()).findFirst();
    }

    /** Closes every session of the SSH connection {@code connectionId} (it was dropped). */
    public void closeTunnelsOf(String connectionId) {
        retain(k -> !k.connectionId().equals(connectionId));
    }

    /** Closes the sessions of every SSH connection not in {@code connectionIds} (no source uses them any more). */
    public void retainOnly(Set<String> connectionIds) {
        retain(k -> connectionIds.contains(k.connectionId()));
    }

    /** The number of open tunnels, for tests. */
    public int openTunnels() {
        return (int) tunnels.values().stream().filter(Tunnel::isOpen).count();
    }

    private void retain(java.util.function.Predicate<TunnelKey> keep) {
        for (TunnelKey key : List.copyOf(tunnels.keySet())) {
            if (!keep.test(key)) {
                synchronized (lockOf(key)) {
                    Tunnel tunnel = tunnels.remove(key);
                    if (tunnel != null) {
                        tunnel.close();
                    }
                }
            }
        }
    }

    private ClientSession open(SshBastion bastion, KeyPair key) throws SshTunnelError {
        InetSocketAddress target = new InetSocketAddress(bastion.host(), bastion.port());
        if (target.isUnresolved()) {
            throw SshTunnelError.unknownHost(bastion);
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        ConnectFuture future;
        try {
            future = client().connect(bastion.user(), target, new InetSocketAddress(egressAddress, 0));
        } catch (IOException e) {
            throw SshTunnelError.other(bastion, e.getClass().getSimpleName());
        }
        ClientSession session;
        try {
            if (!future.await(connectTimeout)) {
                future.cancel();
                throw SshTunnelError.timedOut(bastion);
            }
            if (future.getException() != null) {
                throw connectError(bastion, future.getException());
            }
            session = future.getSession();
        } catch (IOException e) {
            throw connectError(bastion, e);
        }
        try {
            session.addPublicKeyIdentity(key);
            // one deadline for connect, handshake and authentication: a bastion that accepts the TCP connection
            // but never answers must not hold a statement longer than the connect timeout
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            AuthFuture auth = session.auth();
            if (!auth.await(left)) {
                throw SshTunnelError.timedOut(bastion);
            }
            if (!auth.isSuccess()) {
                throw authError(bastion, auth.getException());
            }
            return session;
        } catch (IOException e) {
            throw authError(bastion, e);
        } finally {
            if (!session.isAuthenticated()) {
                session.close(true);
            }
        }
    }

    /** sshd says {@code No more authentication methods available} once the server refused every key offered. */
    private static SshTunnelError authError(SshBastion bastion, Throwable e) {
        return e == null || String.valueOf(e.getMessage()).contains("authentication")
                ? SshTunnelError.permissionDenied(bastion) : SshTunnelError.other(bastion, describe(e));
    }

    private static SshTunnelError connectError(SshBastion bastion, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRouteToHostException
                    || t instanceof ConnectException && !String.valueOf(t.getMessage()).contains("refused")) {
                return SshTunnelError.connectFailed(bastion, String.valueOf(t.getMessage()));
            }
            if (t instanceof ConnectException) {
                return SshTunnelError.refused(bastion);
            }
            if (t instanceof UnknownHostException) {
                return SshTunnelError.unknownHost(bastion);
            }
        }
        return SshTunnelError.other(bastion, describe(e));
    }

    /** An exception's class and message; sshd's messages name hosts and algorithms, never key material. */
    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private synchronized SshClient client() throws IOException {
        if (closed) {
            throw new IOException("the SSH tunnel manager is closed");
        }
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            // accept any host key, silently, as Materialize does (KnownHosts::Accept, no known_hosts file)
            c.setServerKeyVerifier((session, remote, serverKey) -> true);
            c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, HEARTBEAT);
            c.start();
            client = c;
        }
        return client;
    }

    /** Closes every session and stops the SSH client. */
    @Override
    public void close() {
        SshClient toStop;
        synchronized (this) {
            closed = true;
            toStop = client;
            client = null;
        }
        retain(k -> false);
        if (toStop != null) {
            toStop.stop();
        }
    }

    /** One lock per tunnel key, so opening one tunnel never waits for another bastion. */
    private Object lockOf(TunnelKey key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    private record TunnelKey(String connectionId, SshBastion bastion, String host, int port) {
    }

    private record Tunnel(ClientSession session, InetSocketAddress local) {
        boolean isOpen() {
            return session.isOpen() && !session.isClosing();
        }

        void close() {
            session.close(true);
        }
    }
}
