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

    /** Declines SSL/GSS encryption requests with 'N' until the real StartupMessage or CancelRequest arrives. */
    private StartupPacket negotiate(InputStream in, OutputStream out) throws IOException {
        for (int round = 0; ; round++) {
            StartupPacket packet = StartupPacketReader.read(in);
            if (!(packet instanceof StartupPacket.SslRequest || packet instanceof StartupPacket.GssEncRequest)) {
                return packet;
            }
            if (round >= MAX_NEGOTIATIONS) {
                throw new MalformedStartupPacketException("too many encryption negotiation requests");
            }
            out.write('N');
            out.flush();
        }
    }

    private void admitAndRelay(StartupPacket.StartupMessage startup) throws IOException {
        ConnectionAttempt attempt = new ConnectionAttempt((InetSocketAddress) client.getRemoteSocketAddress(),
                startup.user(), startup.database(), startup.replication());
        Admission admission = admit(attempt);
        if (admission instanceof Admission.Reject reject) {
            LOG.info("front proxy {}: refused {}: {}", proxyName, attempt, reject.message());
            sendFatal(reject.sqlState(), reject.message());
            return;
        }
        if (admission instanceof Admission.Drop drop) {
            LOG.info("front proxy {}: dropping {} without an answer: {}", proxyName, attempt, drop.reason());
            Relay.holdSilently(client, MAX_HOLD);
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
