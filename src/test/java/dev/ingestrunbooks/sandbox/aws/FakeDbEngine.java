package dev.ingestrunbooks.sandbox.aws;

import dev.ingestrunbooks.sandbox.rds.DbEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DbEngine} for tests: records the parameters of every reboot, can hold reboots until released
 * (so {@code rebooting} is observable), and can be told to fail.
 */
public final class FakeDbEngine implements DbEngine {

    private final List<Map<String, String>> reboots = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile RuntimeException failure;

    @Override
    public void reboot(Map<String, String> parameters) {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the reboot");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reboots.add(Map.copyOf(parameters));
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Reboots block until {@link #release()}. */
    public FakeDbEngine hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    public void release() {
        gate.countDown();
    }

    public FakeDbEngine failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    public List<Map<String, String>> reboots() {
        return List.copyOf(reboots);
    }

    /** The parameters of the last completed reboot, or null. */
    public Map<String, String> lastReboot() {
        List<Map<String, String>> r = reboots();
        return r.isEmpty() ? null : r.get(r.size() - 1);
    }
}
