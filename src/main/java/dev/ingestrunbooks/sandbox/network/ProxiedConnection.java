package dev.ingestrunbooks.sandbox.network;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through a {@link PgFrontProxy}: the startup handshake, the admission decision,
 * then a byte relay to the upstream server until either side closes.
 */
final class ProxiedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ProxiedConnection.class);
    private static final int MAX_NEGOTIATIONS = 2;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String proxyName;
    private final Socket client;
    private final PgFrontProxy proxy;
    private final Duration startupTimeout;

    ProxiedConnection(String proxyName, Socket client, PgFrontProxy proxy, Duration startupTimeout) {
        this.proxyName = proxyName;
        this.client = client;
        this.proxy = proxy;
        this.startupTimeout = startupTimeout;
    }

    /** How long a dropped client's connection is held at most. */
    private static final Duration MAX_HOLD = Duration.ofMinutes(2);

    void run() {
        try {
            client.setSoTimeout((int) startupTimeout.toMillis());
            client.setTcpNoDelay(true);
            StartupPacket packet = negotiate(client.getInputStream(), client.getOutputStream());
            client.setSoTimeout(0);
            if (packet instanceof StartupPacket.CancelRequest cancel) {
                relayCancel(cancel);
            } else if (packet instanceof StartupPacket.StartupMessage startup) {
                admitAndRelay(startup);
            }
        } catch (MalformedStartupPacketException e) {
            LOG.info("front proxy {}: dropping {}: {}", proxyName, client.getRemoteSocketAddress(), e.getMessage());
        } catch (SocketTimeoutException e) {
            LOG.info("front proxy {}: no startup packet from {} within {}", proxyName,
                    client.getRemoteSocketAddress(), startupTimeout);
        } catch (EOFException e) {
            LOG.debug("front proxy {}: client left during startup", proxyName);
        } catch (IOException e) {
            LOG.debug("front proxy {}: connection ended: {}", proxyName, e.toString());
        }
    }

    /**
     * The startup phase until a StartupMessage or CancelRequest arrives, or until an SSLRequest has been handed to
     * the server (then null: the connection is done). GSSENCRequest is declined with {@code 'N'}.
     */
    private StartupPacket negotiate(InputStream in, OutputStream out) throws IOException {
        for (int round = 0; ; round++) {
            StartupPacket packet = StartupPacketReader.read(in);
            if (!(packet instanceof StartupPacket.SslRequest || packet instanceof StartupPacket.GssEncRequest)) {
                return packet;
            }
            if (round >= MAX_NEGOTIATIONS) {
                throw new MalformedStartupPacketException("too many encryption negotiation requests");
            }
            if (packet instanceof StartupPacket.SslRequest ssl && relayTls(ssl, out)) {
                return null;
            }
            out.write('N');
            out.flush();
        }
    }

    /**
     * An SSLRequest: the admission rule decides on the source address alone (the user is inside the TLS stream, so
     * {@link ConnectionAttempt#encrypted}), before any byte reaches the server; if admitted, the request goes to the
     * server and its answer to the client. On {@code 'S'} the proxy relays the TLS handshake and everything after it
     * opaquely (PostgreSQL's own TLS) and returns true once the connection has ended. On {@code 'N'} (a server without
     * TLS) it returns false and the caller answers {@code 'N'} itself: the client may go on in plain text.
     */
    private boolean relayTls(StartupPacket.SslRequest request, OutputStream out) throws IOException {
        ConnectionAttempt attempt = ConnectionAttempt.encrypted((InetSocketAddress) client.getRemoteSocketAddress());
        client.setSoTimeout(0);
        if (!admitted(attempt)) {
            return true;
        }
        Socket server = connectUpstream();
        if (server == null) {
            return true;
        }
        try {
            server.getOutputStream().write(request.raw());
            server.getOutputStream().flush();
            server.setSoTimeout((int) startupTimeout.toMillis());
            int answer = server.getInputStream().read();
            server.setSoTimeout(0);
            if (answer == 'N') {
                proxy.untrack(server);
                server.close();
                return false;
            }
            if (answer < 0) {
                return true;
            }
            out.write(answer);
            out.flush();
            relay(server);
            return true;
        } finally {
            server.close();
        }
    }

    /** Asks the rule; a rejected client gets its FATAL error, a dropped one is held without an answer. */
    private boolean admitted(ConnectionAttempt attempt) throws IOException {
        Admission admission = admit(attempt);
        if (admission instanceof Admission.Reject reject) {
            LOG.info("front proxy {}: refused {}: {}", proxyName, attempt, reject.message());
            sendFatal(reject.sqlState(), reject.message());
            return false;
        }
        if (admission instanceof Admission.Drop drop) {
            LOG.info("front proxy {}: dropping {} without an answer: {}", proxyName, attempt, drop.reason());
            Relay.holdSilently(client, MAX_HOLD);
            return false;
        }
        return true;
    }

    private void admitAndRelay(StartupPacket.StartupMessage startup) throws IOException {
        ConnectionAttempt attempt = new ConnectionAttempt((InetSocketAddress) client.getRemoteSocketAddress(),
                startup.user(), startup.database(), startup.replication());
        if (!admitted(attempt)) {
            return;
        }
        try (Socket server = connectUpstream()) {
            if (server == null) {
                return;
            }
            server.getOutputStream().write(startup.raw());
            server.getOutputStream().flush();
            relay(server);
        }
    }

    private Admission admit(ConnectionAttempt attempt) {
        try {
            return proxy.admissionRule().admit(attempt);
        } catch (RuntimeException e) {
            LOG.warn("front proxy {}: admission rule failed for {}", proxyName, attempt, e);
            return Admission.reject("08004", "connection refused by the sandbox: " + e.getMessage());
        }
    }

    /** Connects to the current upstream; if the server is down, tells the client as PostgreSQL would. */
    private Socket connectUpstream() throws IOException {
        Socket server = new Socket();
        proxy.track(server);
        try {
            server.connect(proxy.upstream(), CONNECT_TIMEOUT_MS);
            server.setTcpNoDelay(true);
            return server;
        } catch (IOException e) {
            proxy.untrack(server);
            server.close();
            LOG.info("front proxy {}: upstream {} unavailable: {}", proxyName, proxy.upstream(), e.toString());
            sendFatal("57P03", "the database system is not accepting connections");
            return null;
        }
    }

    private void relayCancel(StartupPacket.CancelRequest cancel) throws IOException {
        try (Socket server = connectUpstream()) {
            if (server != null) {
                server.getOutputStream().write(cancel.raw());
                server.getOutputStream().flush();
            }
        }
    }

    /** Relays until either side ends (see {@link Relay#pipe}). */
    private void relay(Socket server) {
        Relay.pipe(client, server);
        proxy.untrack(server);
    }

    private void sendFatal(String sqlState, String message) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(ErrorResponse.fatal(sqlState, message));
        out.flush();
    }
}
