package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL v3 wire-protocol server on 127.0.0.1 (port 0 by default), one thread per connection, that hands
 * every statement to a pluggable {@link SqlEngine} — the foundation of the sandbox Materialize emulator
 * (<a href="https://www.postgresql.org/docs/current/protocol.html">frontend/backend protocol</a>).
 *
 * <p>Configure with {@code with*} before {@link #start()}; {@link #port()} is valid after it. Limits: no TLS or
 * GSSAPI (requests are declined with 'N'), cleartext-password or trust authentication only, no COPY, no
 * replication connections, no NOTICE/NOTIFY forwarding.
 */
public final class PgWireServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgWireServer.class);
    /** What Materialize reports as {@code server_version}. */
    public static final String DEFAULT_SERVER_VERSION = "9.5.0";

    private final SqlEngine engine;
    private final CancelKeys cancelKeys = new CancelKeys();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private Authenticator authenticator;
    private String serverVersion = DEFAULT_SERVER_VERSION;
    private int maxMessageSize = FrameReader.DEFAULT_MAX_MESSAGE_SIZE;
    private int requestedPort;
    private ServerSocket listener;
    private Thread acceptor;

    public PgWireServer(SqlEngine engine) {
        this.engine = engine;
    }

    /** Ask for a password and check it; without this the server trusts every client. */
    public PgWireServer withAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
        return this;
    }

    public PgWireServer withServerVersion(String serverVersion) {
        this.serverVersion = serverVersion;
        return this;
    }

    /** Cap on one frontend message; a longer length word is a protocol violation. */
    public PgWireServer withMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
        return this;
    }

    public PgWireServer withPort(int port) {
        this.requestedPort = port;
        return this;
    }

    /** Binds 127.0.0.1 and starts accepting; returns this for chaining. */
    public synchronized PgWireServer start() {
        if (listener != null) {
            throw new IllegalStateException("pgwire server already started");
        }
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the pgwire server on 127.0.0.1:" + requestedPort, e);
        }
        Settings settings = new Settings(engine, authenticator, serverVersion, maxMessageSize);
        acceptor = new Thread(() -> accept(settings), "pgwire-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("pgwire server listening on 127.0.0.1:{}", listener.getLocalPort());
        return this;
    }

    private void accept(Settings settings) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                clients.add(socket);
                Thread thread = new Thread(() -> {
                    try {
                        new ClientConnection(socket, settings, cancelKeys).run();
                    } finally {
                        clients.remove(socket);
                    }
                }, "pgwire-conn-" + socket.getPort());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("pgwire accept failed: {}", e.toString());
                }
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("pgwire server not started");
        }
        return listener.getLocalPort();
    }

    /** A JDBC URL for {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Stops accepting and closes every client connection. Idempotent. */
    @Override
    public synchronized void close() {
        if (listener == null || listener.isClosed()) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the pgwire listener: {}", e.toString());
        }
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing a pgwire client: {}", e.toString());
            }
        }
    }

    /** What every connection needs to know about the server. */
    record Settings(SqlEngine engine, Authenticator authenticator, String serverVersion, int maxMessageSize) {

        /** The ParameterStatus messages after AuthenticationOk, in order. */
        Map<String, String> parameterStatus(Map<String, String> startup) {
            Map<String, String> status = new LinkedHashMap<>();
            status.put("application_name", startup.getOrDefault("application_name", ""));
            status.put("client_encoding", "UTF8");
            status.put("DateStyle", "ISO, MDY");
            status.put("integer_datetimes", "on");
            status.put("IntervalStyle", "postgres");
            status.put("is_superuser", "off");
            status.put("server_encoding", "UTF8");
            status.put("server_version", serverVersion);
            status.put("standard_conforming_strings", "on");
            status.put("TimeZone", "UTC");
            return status;
        }
    }
}
