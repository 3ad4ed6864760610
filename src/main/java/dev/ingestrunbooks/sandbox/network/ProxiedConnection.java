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
    private static final int MAX_HOLD_MS = 120_000;

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
            holdUntilClientGivesUp();
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

    /**
     * Reads and discards whatever the client sends until it closes the connection, the proxy closes, or
     * {@link #MAX_HOLD_MS} pass (a client that waits longer than any connect timeout is gone anyway).
     */
    private void holdUntilClientGivesUp() throws IOException {
        client.setSoTimeout(MAX_HOLD_MS);
        InputStream in = client.getInputStream();
        byte[] ignored = new byte[512];
        try {
            while (in.read(ignored) >= 0) {
                // a dropped client hears nothing, whatever it sends
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("front proxy {}: stopped holding {}", proxyName, client.getRemoteSocketAddress());
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

    /** Copies server-to-client on a second thread and client-to-server on this one, until either ends. */
    private void relay(Socket server) throws IOException {
        Thread back = new Thread(() -> pump(server, client), Thread.currentThread().getName() + "-back");
        back.setDaemon(true);
        back.start();
        pump(client, server);
        try {
            back.join(CONNECT_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        proxy.untrack(server);
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.trace("relay ended: {}", e.toString());
        } finally {
            PgFrontProxy.closeQuietly(from);
            PgFrontProxy.closeQuietly(to);
        }
    }

    private void sendFatal(String sqlState, String message) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(ErrorResponse.fatal(sqlState, message));
        out.flush();
    }
}
