package dev.ingestrunbooks.sandbox.aws.rds;

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
 * The threads behind RDS's asynchronous state changes: a scheduler for timed transitions ({@code modifying} →
 * {@code available}, {@code applying} → {@code in-sync}) and a pool for reboots, which block while the engine
 * restarts. {@link #close()} lets in-flight reboots finish, then drops pending timed transitions.
 */
final class BackgroundWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads("rds-timer"));
    private final ExecutorService reboots = Executors.newCachedThreadPool(threads("rds-reboot"));
    private final Duration closeTimeout;

    BackgroundWork(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    void after(Duration delay, Runnable task) {
        if (!timer.isShutdown()) {
            timer.schedule(logged(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void reboot(Runnable task) {
        reboots.execute(logged(task));
    }

    @Override
    public void close() {
        reboots.shutdown();
        try {
            if (!reboots.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("reboots still running after {}; interrupting them", closeTimeout);
                reboots.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reboots.shutdownNow();
        }
        timer.shutdownNow();
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("background RDS transition failed", e);
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
