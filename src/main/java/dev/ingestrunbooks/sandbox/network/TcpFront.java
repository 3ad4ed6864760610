package dev.ingestrunbooks.sandbox.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A protocol-blind loopback TCP front: the public endpoint of an emulated instance whose service is not PostgreSQL
 * (e.g. an EC2 bastion's SSH port). It listens on the instance's public address, asks its {@link AdmissionRule}
 * about each client by source address ({@link ConnectionAttempt#tcp}), and pipes admitted clients to a backend
 * address without looking at the bytes.
 *
 * <p>Verdicts: {@link Admission.Admit} pipes; {@link Admission.Drop} holds the connection without a byte in either
 * direction until the client gives up, the front closes or the hold cap passes (the client sees a successful TCP
 * connect and then silence, the loopback stand-in for a security group dropping its packets; a real group would
 * not even complete the handshake); {@link Admission.Reject} closes the connection at once with a reset (a closed
 * port), as TCP has no error message to carry the SQLSTATE.
 *
 * <p>{@link #rebind(String)} moves the front to another address keeping its port, as associating an Elastic IP
 * changes an instance's public IP. Connections already piped stay up (in AWS they would stall; the sandbox does not
 * emulate that).
 *
 * <p>A front with a {@link Router} instead of a fixed backend chooses, per admitted connection, where it goes and which
 * local address it leaves from (a load balancer's listener: round robin over healthy targets, from the load
 * balancer's own private IP, so that the target's security group judges the load balancer).
 *
 * <p>Limits: IPv4/loopback only in practice; with a fixed backend the backend sees the front's address, not the
 * client's; one thread per direction per connection.
 */
public final class TcpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFront.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final Duration holdCap;
    private final Router router;
    private volatile InetSocketAddress backend;
    private volatile AdmissionRule rule;
    private FrontListener listener;

    private TcpFront(Builder builder) {
        this.name = builder.name;
        this.backend = builder.backend;
        this.rule = builder.rule;
        this.holdCap = builder.holdCap;
        this.router = builder.router;
    }

    /** Where one admitted connection goes, and the local address it leaves from (null: the system's choice). */
    public record Route(InetSocketAddress backend, InetAddress source) {
        public Route {
            Objects.requireNonNull(backend, "backend");
        }
    }

    /**
     * Chooses the {@link Route} of each admitted connection, on that connection's thread (must be thread-safe).
     * Empty: nowhere to go; the client is reset, as by a port nobody listens on.
     */
    @FunctionalInterface
    public interface Router {
        Optional<Route> route(ConnectionAttempt attempt);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private TcpFront start(InetAddress bindAddress, int bindPort) {
        listener = new FrontListener("tcp-front-" + name, bindAddress, bindPort, this::handle);
        LOG.info("tcp front {} listening on {} -> {}", name, endpoint(), router == null ? backend : "routed");
        return this;
    }

    /** The address clients connect to. */
    public InetSocketAddress endpoint() {
        return listener.endpoint();
    }

    /** The current bind address, e.g. {@code 127.0.200.5}. */
    public String address() {
        return listener.address().getHostAddress();
    }

    public int port() {
        return listener.port();
    }

    public InetSocketAddress backend() {
        return backend;
    }

    /** Points new connections at another backend; piped ones stay. */
    public void setBackend(InetSocketAddress backend) {
        this.backend = Objects.requireNonNull(backend);
    }

    /** Replaces the admission rule for new connections. */
    public void setAdmissionRule(AdmissionRule rule) {
        this.rule = Objects.requireNonNull(rule);
    }

    /**
     * Listens on {@code address} instead, with the same port; the old address stops answering at once (connection
     * refused). Throws {@link java.io.UncheckedIOException} and stays put if the port is taken on the new address.
     */
    public void rebind(String address) {
        listener.rebind(parse(address));
    }

    private void handle(Socket client) {
        ConnectionAttempt attempt = ConnectionAttempt.tcp((InetSocketAddress) client.getRemoteSocketAddress());
        Admission admission = admit(attempt);
        if (admission instanceof Admission.Drop drop) {
            LOG.info("tcp front {}: dropping {} without an answer: {}", name, attempt.source(), drop.reason());
            Relay.holdSilently(client, holdCap);
        } else if (admission instanceof Admission.Reject reject) {
            LOG.info("tcp front {}: refusing {}: {}", name, attempt.source(), reject.message());
            reset(client);
        } else {
            pipe(client, attempt);
        }
    }

    private Admission admit(ConnectionAttempt attempt) {
        try {
            return rule.admit(attempt);
        } catch (RuntimeException e) {
            LOG.warn("tcp front {}: admission rule failed for {}", name, attempt.source(), e);
            return Admission.reject("08004", "admission rule failed");
        }
    }

    private void pipe(Socket client, ConnectionAttempt attempt) {
        Optional<Route> route = route(attempt);
        if (route.isEmpty()) {
            LOG.info("tcp front {}: nowhere to send {}", name, attempt.source());
            reset(client);
            return;
        }
        InetSocketAddress backend = route.get().backend();
        Socket server = new Socket();
        listener.track(server);
        try {
            if (route.get().source() != null) {
                server.bind(new InetSocketAddress(route.get().source(), 0));
            }
            server.connect(backend, CONNECT_TIMEOUT_MS);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.info("tcp front {}: backend {} unavailable: {}", name, backend, e.toString());
            FrontListener.closeQuietly(server);
            listener.untrack(server);
            reset(client);
            return;
        }
        Relay.pipe(client, server);
        listener.untrack(server);
    }

    private Optional<Route> route(ConnectionAttempt attempt) {
        if (router == null) {
            return Optional.of(new Route(backend, null));
        }
        try {
            return router.route(attempt);
        } catch (RuntimeException e) {
            LOG.warn("tcp front {}: router failed for {}", name, attempt.source(), e);
            return Optional.empty();
        }
    }

    /** Closes with RST rather than FIN, as a port nobody listens on would answer. */
    private static void reset(Socket client) {
        try {
            client.setSoLinger(true, 0);
        } catch (IOException e) {
            LOG.trace("linger: {}", e.toString());
        }
        FrontListener.closeQuietly(client);
    }

    /** Stops listening and closes every piped or held connection. Idempotent. */
    @Override
    public void close() {
        if (listener == null || listener.isClosed()) {
            return;
        }
        listener.close();
        LOG.info("tcp front {} closed", name);
    }

    static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(Objects.requireNonNull(address, "address"));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    /** Configuration; {@link #start()} binds and returns the running front. */
    public static final class Builder {
        private final String name;
        private InetSocketAddress backend;
        private Router router;
        private AdmissionRule rule = AdmissionRule.admitAll();
        private Duration holdCap = Duration.ofMinutes(2);
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int bindPort;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Where admitted clients are piped to. Required. */
        public Builder backend(InetSocketAddress backend) {
            this.backend = backend;
            return this;
        }

        /** Chooses backend and source address per connection instead of one fixed {@link #backend}. */
        public Builder router(Router router) {
            this.router = router;
            return this;
        }

        /** Default: admit everyone. */
        public Builder admissionRule(AdmissionRule rule) {
            this.rule = rule;
            return this;
        }

        /** How long a dropped client is held at most before its socket is closed (default 2 minutes). */
        public Builder holdCap(Duration cap) {
            this.holdCap = cap;
            return this;
        }

        /** The public address to listen on (default 127.0.0.1), e.g. an instance's public IP such as 127.0.200.5. */
        public Builder bindAddress(String address) {
            this.bindAddress = parse(address);
            return this;
        }

        /** A fixed port (default 0: any free port). */
        public Builder bindPort(int port) {
            this.bindPort = port;
            return this;
        }

        public TcpFront start() {
            if (backend == null && router == null) {
                throw new NullPointerException("backend or router");
            }
            Objects.requireNonNull(rule, "admissionRule");
            Objects.requireNonNull(holdCap, "holdCap");
            return new TcpFront(this).start(bindAddress, bindPort);
        }
    }
}
