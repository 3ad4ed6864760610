package dev.ingestrunbooks.sandbox.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening half shared by the sandbox's fronts ({@link PgFrontProxy}, {@link TcpFront}): a server socket on one
 * loopback address, an accept thread, one handler thread per client, and the set of every socket a front opened so
 * that {@link #close()} can end them all.
 *
 * <p>{@link #rebind(InetAddress)} moves the listener to another address keeping its port: the new socket is bound
 * before the old one is closed, so a failed move leaves the front where it was. Connections already accepted are
 * not touched by a move.
 *
 * <p>Closing a {@link ServerSocket} while another thread is blocked in {@code accept()} only marks it closed: the JDK
 * releases the descriptor when that thread wakes. {@link #close()} and {@link #rebind} therefore wait for the accept
 * thread to end, so that when they return the old address:port is really free (no listener, connection refused).
 */
final class FrontListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrontListener.class);

    private final String name;
    private final Consumer<Socket> handler;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ServerSocket listener;
    private volatile Thread acceptor;

    /** Binds {@code port} (0: any free port) on {@code address} and starts accepting. */
    FrontListener(String name, InetAddress address, int port, Consumer<Socket> handler) {
        this.name = Objects.requireNonNull(name);
        this.handler = Objects.requireNonNull(handler);
        this.listener = bind(address, port);
        this.acceptor = startAccepting(listener);
    }

    private ServerSocket bind(InetAddress address, int port) {
        try {
            return new ServerSocket(port, 50, address);
        } catch (IOException e) {
            throw new UncheckedIOException("front " + name + " cannot bind " + address.getHostAddress() + ":" + port,
                    e);
        }
    }

    private Thread startAccepting(ServerSocket socket) {
        Thread thread = new Thread(() -> acceptLoop(socket), name + "-accept-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Closes {@code socket} and waits (briefly) until its accept thread has let go of the descriptor. */
    private static void stop(ServerSocket socket, Thread thread) {
        closeQuietly(socket);
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!closed.get() && !socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread thread = new Thread(() -> handle(client), name + "-" + client.getInetAddress().getHostAddress()
                        + ":" + client.getPort());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!closed.get() && !socket.isClosed()) {
                    LOG.warn("front {}: accept failed: {}", name, e.toString());
                }
            }
        }
    }

    private void handle(Socket client) {
        track(client);
        try {
            handler.accept(client);
        } catch (RuntimeException e) {
            LOG.warn("front {}: handler failed for {}", name, client.getRemoteSocketAddress(), e);
        } finally {
            closeQuietly(client);
            untrack(client);
        }
    }

    InetAddress address() {
        return listener.getInetAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The listening address as a literal IP (never a host name such as {@code localhost}, which may resolve to ::1). */
    InetSocketAddress endpoint() {
        return new InetSocketAddress(address().getHostAddress(), port());
    }

    /** Listens on {@code address} with the same port instead of the current address; a no-op if it is the same. */
    synchronized void rebind(InetAddress address) {
        if (closed.get()) {
            throw new IllegalStateException("front " + name + " is closed");
        }
        ServerSocket old = listener;
        if (old.getInetAddress().equals(address)) {
            return;
        }
        ServerSocket moved = bind(address, old.getLocalPort());
        Thread oldAcceptor = acceptor;
        listener = moved;
        acceptor = startAccepting(moved);
        stop(old, oldAcceptor);
        LOG.info("front {} moved from {} to {}", name, old.getInetAddress().getHostAddress(), endpoint());
    }

    /** Registers a socket (or any resource) for {@link #close()}; closes it at once if already closed. */
    /** Ends every connection accepted so far; the listener keeps accepting. */
    void dropConnections() {
        open.forEach(FrontListener::closeQuietly);
        open.clear();
    }

    void track(AutoCloseable resource) {
        open.add(resource);
        if (closed.get()) {
            closeQuietly(resource);
        }
    }

    void untrack(AutoCloseable resource) {
        open.remove(resource);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Stops accepting and closes every tracked socket. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        synchronized (this) {
            stop(listener, acceptor);
        }
        open.forEach(FrontListener::closeQuietly);
        open.clear();
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.trace("close failed: {}", e.toString());
        }
    }
}
