package dev.ingestrunbooks.sandbox.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two things a front does with a client after its admission verdict, shared by every front: pipe bytes to the
 * backend untouched, or hold the connection silently as a security group that drops the client's packets would.
 */
final class Relay {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final long JOIN_MS = 5_000;

    private Relay() {
    }

    /**
     * Copies server-to-client on a second thread and client-to-server on the calling one until either side ends;
     * then both sockets are closed. Returns when both directions have stopped (or a short grace period passed).
     */
    static void pipe(Socket client, Socket server) {
        Thread back = new Thread(() -> pump(server, client), Thread.currentThread().getName() + "-back");
        back.setDaemon(true);
        back.start();
        pump(client, server);
        try {
            back.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            FrontListener.closeQuietly(from);
            FrontListener.closeQuietly(to);
        }
    }

    /**
     * Answers nothing: reads and discards whatever the client sends until it closes, the socket is closed by the
     * front, or {@code cap} passes (a client that waits longer than any connect timeout is gone anyway).
     * The caller closes the socket afterwards.
     */
    static void holdSilently(Socket client, Duration cap) {
        long deadline = System.nanoTime() + cap.toNanos();
        byte[] ignored = new byte[512];
        try {
            InputStream in = client.getInputStream();
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (System.nanoTime() >= deadline) {
                    break;
                }
                client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                if (in.read(ignored) < 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("stopped holding {}", client.getRemoteSocketAddress());
        } catch (IOException e) {
            LOG.trace("held connection ended: {}", e.toString());
        }
    }
}
