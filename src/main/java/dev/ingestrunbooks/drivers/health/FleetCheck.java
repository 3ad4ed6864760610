package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Checks many setups at once: each setup on its own thread (at most {@code parallelism} at a time) with its own
 * {@link SetupProbe}, every applicable check in guide order. A setup's checks are independent of the others', so one
 * unreachable setup delays nothing else. {@code progress} hears about each setup as it finishes (from its thread).
 */
public final class FleetCheck {

    private FleetCheck() {
    }

    /** Results in the inventory's order. */
    public static List<SetupHealth> run(List<SetupSpec> setups, int parallelism,
            Function<SetupSpec, RdsClient> awsFactory, Consumer<SetupHealth> progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, setups.size())), r -> {
            Thread t = new Thread(r, "check-setup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SetupHealth>> futures = new ArrayList<>();
            for (SetupSpec setup : setups) {
                futures.add(pool.submit(() -> {
                    SetupHealth health = checkOne(setup, awsFactory);
                    progress.accept(health);
                    return health;
                }));
            }
            List<SetupHealth> results = new ArrayList<>();
            for (Future<SetupHealth> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking setups", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking a setup failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every applicable check on one setup. */
    public static SetupHealth checkOne(SetupSpec setup, Function<SetupSpec, RdsClient> awsFactory) {
        long started = System.nanoTime();
        try (SetupProbe probe = new SetupProbe(setup, awsFactory)) {
            List<CheckResult> results = HealthRun.runAll(probe);
            return new SetupHealth(setup, results, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Shard {@code index} of {@code count} (1-based): every {@code count}-th setup starting at {@code index}, so that
     * {@code count} processes (e.g. a Kubernetes Indexed Job) cover the inventory once between them.
     */
    public static List<SetupSpec> shard(List<SetupSpec> setups, int index, int count) {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard must be i/n with 1 <= i <= n, not " + index + "/" + count);
        }
        List<SetupSpec> shard = new ArrayList<>();
        for (int i = index - 1; i < setups.size(); i += count) {
            shard.add(setups.get(i));
        }
        return shard;
    }
}
