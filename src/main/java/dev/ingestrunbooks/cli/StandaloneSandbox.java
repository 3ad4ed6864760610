package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.Sandbox;
import dev.ingestrunbooks.sandbox.SandboxMaterialize;
import dev.ingestrunbooks.sandbox.aws.rds.GroupKind;
import dev.ingestrunbooks.sandbox.aws.rds.ParameterChange;
import dev.ingestrunbooks.sandbox.aws.rds.ParameterFamily;
import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import java.time.Duration;
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
 * create databases and roles, as an RDS master user can. The instance has its own security group admitting only the
 * admin's workstation, as in the runbooks: Materialize gets in once guide step B adds its egress IP.
 *
 * <p>{@link #close()} may be called from any thread at any time, also while {@link #start} is still running (a
 * Ctrl-C during start-up): what has started is stopped and data directories are deleted, in the {@link Sandbox}'s
 * stop order. Limits: one instance, no Aurora cluster, HTTP and no TLS; nothing survives a stop (the instance is
 * new each time, with a new port and password, so a saved Materialize catalog would point at nothing).
 */
public final class StandaloneSandbox implements AutoCloseable {

    /** The DB parameter group of an instance started with logical replication on. */
    public static final String LOGICAL_REPLICATION_GROUP = "sandbox-logical-replication";
    private static final String MASTER_USER = "postgres";
    private static final String DATABASE = "postgres";
    /** The longest a start step may take (the first instance of a major builds its template: seconds). */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    /** What runs: the sandbox, once its first step has started it. */
    private Sandbox sandbox;
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
            Sandbox.Options options = Sandbox.Options.of(settings.region(), settings.postgresMajor())
                    .withMaterializeVersion(settings.mzVersion());
            options = settings.mzPassword() != null ? options.withMaterializePassword(settings.mzPassword())
                    : options.withMaterializeTrustingEveryLogin();
            Sandbox.Options chosen = options;
            Sandbox world = step("AWS emulator (RDS, EC2, ELBv2, " + settings.region() + ")", () -> adopt(Sandbox.start(chosen)));
            Database pg = step("RDS instance " + settings.instanceId() + " (PostgreSQL " + settings.postgresMajor()
                    + ", logical replication " + (settings.logicalReplication() ? "on" : "off") + ")",
                    () -> startInstance(world, settings));
            SandboxMaterialize mz = step("Materialize emulator", world::materialize);
            MaterializeEmulator emulator = mz.emulator();
            endpoints = new SandboxEndpoints(emulator.host(), emulator.port(), MaterializeEmulator.USER,
                    settings.mzPassword(), "materialize", pg.endpoint().host(), pg.endpoint().port(), pg.adminUser(),
                    pg.adminPassword(), DATABASE, pg.identifier(), world.awsEndpoint(), settings.region(), world.sshPort());
            return endpoints;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Database startInstance(Sandbox world, SandboxSettings settings) {
        if (!settings.logicalReplication()) {
            return world.rdsInstance(settings.instanceId(), b -> b.masterUsername(MASTER_USER), null);
        }
        String family = ParameterFamily.of(ParameterFamily.POSTGRES, String.valueOf(settings.postgresMajor())).name();
        world.rdsBackend().createParameterGroup(GroupKind.DB, LOGICAL_REPLICATION_GROUP, family,
                "logical replication on (ingest-runbooks standalone sandbox)");
        world.rdsBackend().modifyParameterGroup(GroupKind.DB, LOGICAL_REPLICATION_GROUP, List.of(
                new ParameterChange("rds.logical_replication", "1", ParameterChange.PENDING_REBOOT)));
        return world.rdsInstance(settings.instanceId(), b -> b.masterUsername(MASTER_USER)
                .parameters(Map.of("rds.logical_replication", "1")), LOGICAL_REPLICATION_GROUP);
    }

    /** Keeps the started sandbox, unless the sandbox was closed meanwhile (then it stops it). */
    private Sandbox adopt(Sandbox started) {
        synchronized (this) {
            if (!closed) {
                sandbox = started;
                return started;
            }
        }
        closeQuietly(started);
        throw stoppedWhileStarting();
    }

    private <T> T step(String what, Supplier<T> starter) {
        stepping.lock();
        try {
            requireNotClosed();
            progress.accept("Starting " + what + "…");
            long started = System.nanoTime();
            T result = starter.get();
            requireNotClosed();
            progress.accept(String.format("  ready after %.1f s", (System.nanoTime() - started) / 1e9));
            return result;
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

    /** Stops the sandbox (Materialize, the AWS emulator after reboots in flight, the instance). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        awaitStepInFlight();
        Sandbox toStop;
        synchronized (this) {
            toStop = sandbox;
            sandbox = null;
        }
        if (toStop != null) {
            closeQuietly(toStop);
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
