package dev.ingestrunbooks.sandbox.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP front proxy for a PostgreSQL server: the public endpoint of an emulated RDS/Aurora instance.
 *
 * <p>It reads only the client's startup phase and asks its {@link AdmissionRule} before any byte reaches the
 * server: about the StartupMessage of a plain-text client, or, when the client sends an SSLRequest, about its
 * source address alone ({@link ConnectionAttempt#encrypted}); then it relays bytes in both directions without
 * looking at them (thread per direction). An admitted SSLRequest is relayed to the server, whose answer decides:
 * {@code 'S'} and the TLS handshake and session pass through opaquely, so TLS is the server's own (its certificate,
 * {@code pg_stat_ssl}, {@code hostssl} lines); {@code 'N'} lets the client go on in plain text. GSSENCRequest is
 * declined with {@code 'N'}; CancelRequest is relayed. A rejected client gets a FATAL ErrorResponse; a malformed or
 * too slow first packet gets the connection closed.
 *
 * <p>Limits: the proxy never terminates TLS (it cannot read an encrypted StartupMessage); the server sees the
 * proxy's loopback address, not the client's; {@code inet_client_addr()} is therefore 127.0.0.1.
 */
public final class PgFrontProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgFrontProxy.class);

    private final String name;
    private final Duration startupTimeout;
    private volatile InetSocketAddress upstream;
    private volatile AdmissionRule rule;
    private FrontListener listener;

    private PgFrontProxy(Builder builder) {
        this.name = builder.name;
        this.upstream = builder.upstream;
        this.rule = builder.rule;
        this.startupTimeout = builder.startupTimeout;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Binds {@code bindPort} (0: any) on {@code bindAddress} and starts accepting; returns this for chaining. */
    private PgFrontProxy start(InetAddress bindAddress, int bindPort) {
        listener = new FrontListener("pg-proxy-" + name, bindAddress, bindPort,
                client -> new ProxiedConnection(name, client, this, startupTimeout).run());
        LOG.info("front proxy {} listening on {} -> {}", name, endpoint(), upstream);
        return this;
    }

    /** The address clients connect to. */
    public InetSocketAddress endpoint() {
        return listener.endpoint();
    }

    public String host() {
        return listener.address().getHostAddress();
    }

    public int port() {
        return listener.port();
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Points new connections at another server (e.g. after a restart on a new port); open ones stay. */
    public void setUpstream(InetSocketAddress upstream) {
        this.upstream = Objects.requireNonNull(upstream);
    }

    /**
     * Moves the endpoint to {@code address}, keeping its port, and ends every relayed connection: what clients see
     * when the address behind a database's endpoint changes (the old address stops answering).
     */
    public void moveTo(String address) {
        try {
            listener.rebind(java.net.InetAddress.getByName(address));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
        listener.dropConnections();
    }

    /** Replaces the admission rule for new connections (e.g. when security-group rules change). */
    public void setAdmissionRule(AdmissionRule rule) {
        this.rule = Objects.requireNonNull(rule);
    }

    AdmissionRule admissionRule() {
        return rule;
    }

    /** Registers a socket so {@link #close()} can end it; closes it at once if the proxy is already closed. */
    void track(Socket socket) {
        listener.track(socket);
    }

    void untrack(Socket socket) {
        listener.untrack(socket);
    }

    /** Stops accepting and ends every relayed connection. Idempotent. */
    @Override
    public void close() {
        if (listener == null || listener.isClosed()) {
            return;
        }
        listener.close();
        LOG.info("front proxy {} closed", name);
    }

    /** Configuration; {@link #start()} binds and returns the running proxy. */
    public static final class Builder {
        private final String name;
        private InetSocketAddress upstream;
        private AdmissionRule rule = AdmissionRule.admitAll();
        private Duration startupTimeout = Duration.ofSeconds(10);
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int bindPort;

        private Builder(String name) {
            this.name = name;
        }

        public Builder upstream(InetSocketAddress upstream) {
            this.upstream = upstream;
            return this;
        }

        public Builder admissionRule(AdmissionRule rule) {
            this.rule = rule;
            return this;
        }

        /** How long a client may take to send its startup packet(s) before it is dropped. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** A fixed port (default 0: any free port), e.g. to share a port with another endpoint on another address. */
        public Builder bindPort(int port) {
            this.bindPort = port;
            return this;
        }

        public PgFrontProxy start() {
            Objects.requireNonNull(upstream, "upstream");
            return new PgFrontProxy(this).start(bindAddress, bindPort);
        }
    }
}
