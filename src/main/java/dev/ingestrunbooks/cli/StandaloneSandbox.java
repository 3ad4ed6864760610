package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.GroupKind;
import dev.ingestrunbooks.sandbox.aws.rds.ParameterChange;
import dev.ingestrunbooks.sandbox.aws.rds.ParameterFamily;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole sandbox on its own, for people writing or trying the guides by hand: the AWS emulator, one RDS-like
 * PostgreSQL instance registered with it (so {@code aws rds describe-db-instances} shows it and the guide's
 * parameter-group flow reboots it), and the Materialize emulator.
 *
 * <p>With logical replication on, the instance starts associated with the DB parameter group
 * {@value #LOGICAL_REPLICATION_GROUP} ({@code rds.logical_replication=1}, {@code in-sync}); otherwise with the
 * default group, as a fresh RDS instance. The master user is {@code postgres} with a generated password; it may
 * create databases and roles, as an RDS master user can.
 *
 * <p>{@link #close()} may be called from any thread at any time, also while {@link #start} is still running (a
 * Ctrl-C during start-up): what has started is stopped and data directories are deleted. The stop order is
 * Materialize (it holds replication slots on the instance), the AWS emulator (it waits for reboots in flight), then
 * the instance. Limits: one instance, no Aurora cluster, HTTP and no TLS; nothing survives a stop (the instance is
 * new each time, with a new port and password, so a saved Materialize catalog would point at nothing).
 */
public final class StandaloneSandbox implements AutoCloseable {

    /** The DB parameter group of an instance started with logical replication on. */
    public static final String LOGICAL_REPLICATION_GROUP = "sandbox-logical-replication";
    private static final String MASTER_USER = "postgres";
    private static final String DATABASE = "postgres";
    /** The longest a start step may take (the first instance of a major builds its template: seconds). */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    /** What runs, in stop order: Materialize (its slots), the AWS emulator (waits for reboots), the instance. */
    private final AutoCloseable[] running = new AutoCloseable[3];
    private final Consumer<String> progress;
    /** Held while one start step runs; {@link #close()} waits for it. */
    private final ReentrantLock stepping = new ReentrantLock();
    private boolean closed;
    private volatile SandboxEndpoints endpoints;

    private StandaloneSandbox(Consumer<String> progress) {
        this.progress = progress;
    }

    /** A sandbox that reports each start step to {@code progress}; nothing runs until {@link #start}. */
    public static StandaloneSandbox create(Consumer<String> progress) {
        return new StandaloneSandbox(progress);
    }

    /** Starts everything; on failure (or a concurrent {@link #close()}) stops what started and throws. */
    public SandboxEndpoints start(SandboxSettings settings) {
        BundledPostgres.require(settings.postgresMajor());
        try {
            AwsEmulator aws = step(1, "AWS emulator (RDS, " + settings.region() + ")",
                    () -> AwsEmulator.start(settings.region(), RdsBackend.Timings.defaults()));
            RdsPostgresInstance pg = step(2, "RDS instance " + settings.instanceId() + " (PostgreSQL "
                    + settings.postgresMajor() + ", logical replication "
                    + (settings.logicalReplication() ? "on" : "off") + ")", () -> startInstance(aws.rdsBackend(), settings));
            MaterializeEmulator mz = step(0, "Materialize emulator", () -> startMaterialize(settings));
            endpoints = new SandboxEndpoints(mz.host(), mz.port(), MaterializeEmulator.USER, settings.mzPassword(),
                    "materialize", pg.host(), pg.port(), pg.masterUsername(), pg.masterPassword(), DATABASE,
                    pg.identifier(), aws.endpoint(), settings.region());
            return endpoints;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static RdsPostgresInstance startInstance(RdsBackend backend, SandboxSettings settings) {
        Map<String, String> parameters = settings.logicalReplication()
                ? Map.of("rds.logical_replication", "1") : Map.of();
        RdsPostgresInstance instance = RdsPostgresInstance.builder(settings.instanceId())
                .postgresMajorVersion(settings.postgresMajor()).masterUsername(MASTER_USER)
                .parameters(parameters).start();
        Secrets.register(instance.masterPassword());
        try {
            DbInstanceSpec spec = DbInstanceSpec.rds(settings.instanceId(), instance.postgresVersion(),
                    instance.host(), instance.port(), instance);
            if (settings.logicalReplication()) {
                String family = ParameterFamily.of(ParameterFamily.POSTGRES, instance.postgresVersion()).name();
                backend.createParameterGroup(GroupKind.DB, LOGICAL_REPLICATION_GROUP, family,
                        "logical replication on (ingest-runbooks standalone sandbox)");
                backend.modifyParameterGroup(GroupKind.DB, LOGICAL_REPLICATION_GROUP, List.of(
                        new ParameterChange("rds.logical_replication", "1", ParameterChange.PENDING_REBOOT)));
                backend.registerInstance(spec, LOGICAL_REPLICATION_GROUP);
            } else {
                backend.registerInstance(spec);
            }
            return instance;
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
    }

    private static MaterializeEmulator startMaterialize(SandboxSettings settings) {
        MaterializeEmulator mz = new MaterializeEmulator().withPostgresMajorVersion(settings.postgresMajor())
                .withVersion(settings.mzVersion());
        if (settings.mzPassword() != null) {
            mz.withPassword(Secrets.register(settings.mzPassword()));
        }
        return mz.start();
    }

    private <T extends AutoCloseable> T step(int stopOrder, String what, Supplier<T> starter) {
        stepping.lock();
        try {
            requireNotClosed();
            progress.accept("Starting " + what + "…");
            long started = System.nanoTime();
            T resource = starter.get();
            synchronized (this) {
                if (!closed) {
                    running[stopOrder] = resource;
                    progress.accept(String.format("  ready after %.1f s", (System.nanoTime() - started) / 1e9));
                    return resource;
                }
            }
            closeQuietly(resource);
            throw stoppedWhileStarting();
        } finally {
            stepping.unlock();
        }
    }

    private synchronized void requireNotClosed() {
        if (closed) {
            throw stoppedWhileStarting();
        }
    }

    private static IllegalStateException stoppedWhileStarting() {
        return new IllegalStateException("the sandbox was stopped while starting");
    }

    /** The endpoints, once {@link #start} has returned. */
    public SandboxEndpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("the sandbox has not started");
        }
        return endpoints;
    }

    /** Stops Materialize, then the AWS emulator (after reboots in flight), then the instance. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        awaitStepInFlight();
        AutoCloseable[] toStop;
        synchronized (this) {
            toStop = running.clone();
            Arrays.fill(running, null);
        }
        for (AutoCloseable resource : toStop) {
            if (resource != null) {
                closeQuietly(resource);
            }
        }
    }

    /**
     * Lets a start step in flight (on another thread) finish: it sees the sandbox closed and stops what it started
     * itself, so nothing it starts outlives this close.
     */
    private void awaitStepInFlight() {
        try {
            if (stepping.tryLock(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stepping.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("sandbox: stopping " + resource.getClass().getSimpleName() + " failed: "
                    + Secrets.mask(String.valueOf(e.getMessage())));
        }
    }
}
