package dev.ingestrunbooks.sandbox.aws;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads behind an emulated service's asynchronous state changes, shared by the backends so that every
 * delayed transition works the same way: a scheduler for timed transitions (RDS {@code modifying} →
 * {@code available}, EC2 {@code pending} → {@code running}) and a pool for work that blocks, such as an RDS reboot
 * that waits for the engine to restart. A task that throws is logged, never lost silently. {@link #close()} lets
 * in-flight blocking work finish (up to the close timeout), then drops pending timed transitions.
 */
public final class BackgroundWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    private final String name;
    private final ScheduledExecutorService timer;
    private final ExecutorService blocking;
    private final Duration closeTimeout;

    /** @param name names the threads ({@code <name>-timer-1}) and the log lines, e.g. {@code rds} or {@code ec2} */
    public BackgroundWork(String name, Duration closeTimeout) {
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads(name + "-timer"));
        this.blocking = Executors.newCachedThreadPool(threads(name + "-work"));
        this.closeTimeout = closeTimeout;
    }

    /** Runs {@code task} once after {@code delay} on the timer thread; nothing happens once closed. */
    public void after(Duration delay, Runnable task) {
        if (!timer.isShutdown()) {
            timer.schedule(logged(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task}, which may block for long, on a pool thread. */
    public void execute(Runnable task) {
        blocking.execute(logged(task));
    }

    @Override
    public void close() {
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} background work still running after {}; interrupting it", name, closeTimeout);
                blocking.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            blocking.shutdownNow();
        }
        timer.shutdownNow();
        try {
            // shutdownNow only interrupts: wait for the timer thread to end, so nothing of this work outlives close()
            if (!timer.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} timer still running after {}", name, closeTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("background {} transition failed", name, e);
            }
        };
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
