package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.CreatedResources;
import dev.ingestrunbooks.drivers.RunTags;
import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.Materialize;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.drivers.replication.LogicalReplicationCheck;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.Target;
import dev.ingestrunbooks.target.TargetUnavailableException;
import dev.ingestrunbooks.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.picocontainer.Disposable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The state of one scenario, shared by its step classes through PicoContainer: the target (opened on first use),
 * the database the scenario declared, the guide's placeholders, an open replication check, and the failure an
 * "tries to" step captured. {@link #cleanUp()} (the {@code @After} hook of {@link CleanUpHooks}) removes what the
 * scenario created in Materialize and then in AWS, also when it failed; {@link #dispose()} runs after every scenario,
 * repeats the AWS clean-up if the hook did not get to it, and closes the target.
 */
public final class RunbookWorld implements Disposable {
    private static final Logger LOG = LoggerFactory.getLogger(RunbookWorld.class);

    /**
     * This JVM run's id, tagged on everything the runbooks create in AWS ({@code ingest-runbooks:run}): UTC start
     * time plus six random hex digits, so two runs started in the same second differ.
     */
    public static final String RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
            .format(Instant.now()) + "-" + String.format("%06x", new SecureRandom().nextInt(1 << 24));

    private final RunbookConfig config = RunbookConfig.fromSystem();
    private String scenarioName = "unnamed";
    private final Placeholders placeholders = new Placeholders();
    private Target target;
    private Database database;
    private UpstreamPostgres upstream;
    private LogicalReplicationCheck replication;
    private Materialize materialize;
    private ResultTable lastResult;
    private Throwable failure;

    public RunbookConfig config() {
        return config;
    }

    public Target target() {
        if (target == null) {
            try {
                target = Targets.open(config);
            } catch (TargetUnavailableException e) {
                Assumptions.abort(e.getMessage());
            }
            target.aws().tagWith(new RunTags(RUN_ID, scenarioName));
            writeEnvironment();
        }
        return target;
    }

    /** The scenario's name, for the {@code ingest-runbooks:scenario} tag; set before the target opens. */
    public void scenarioName(String name) {
        this.scenarioName = name;
    }

    private void writeEnvironment() {
        Map<String, String> environment = new HashMap<>(target.describe());
        environment.put("target", target.kind().id());
        environment.put("run.id", RUN_ID);
        Evidence.environment(environment);
        Evidence.executor("Maven", "maven", "ingest-runbooks run " + RUN_ID);
        Evidence.categories(Arrays.stream(GuideStep.values()).collect(Collectors.toMap(GuideStep::title,
                step -> "do " + step.reference())));
    }

    public AwsControlPlane aws() {
        return target().aws();
    }

    public Placeholders placeholders() {
        return placeholders;
    }

    /** Declares the scenario's database through the target; a target that cannot provide it skips the scenario. */
    public void declare(Function<Target, Database> declaration) {
        try {
            use(declaration.apply(target()));
        } catch (TargetUnavailableException e) {
            Assumptions.abort(e.getMessage());
        }
    }

    /** Makes {@code db} the database this scenario acts on. */
    public void use(Database db) {
        this.database = db;
        this.upstream = new UpstreamPostgres(db.endpoint(), db.adminUser(), db.adminPassword(), target().guard());
        placeholders.put("dbname", db.endpoint().database());
        placeholders.put("database", db.endpoint().database());
        placeholders.put("host", db.endpoint().host());
        placeholders.put("port", String.valueOf(db.endpoint().port()));
        db.readerEndpoint().ifPresent(reader -> placeholders.put("reader_host", reader.host()));
        writeEnvironment();
        Evidence.text("database", db + ", admin user " + db.adminUser()
                + db.readerEndpoint().map(r -> ", reader endpoint " + r).orElse(""));
    }

    public Database database() {
        if (database == null) {
            throw new IllegalStateException("the scenario has not declared its RDS instance or Aurora cluster (a Given step)");
        }
        return database;
    }

    public UpstreamPostgres upstream() {
        database();
        return upstream;
    }

    /** The Aurora cluster's reader endpoint, as the admin would reach it. */
    public UpstreamPostgres readerUpstream() {
        PgEndpoint reader = database().readerEndpoint().orElseThrow(() -> new IllegalStateException(
                database() + " has no reader endpoint: only Aurora clusters do"));
        return new UpstreamPostgres(reader, database.adminUser(), database.adminPassword(), target().guard());
    }

    /**
     * The Materialize version this scenario needs (from its {@code @materialize-v…} tag): the sandbox imitates it; a
     * target that cannot provide it skips the scenario, saying why.
     */
    public void requireMaterializeVersion(String version) {
        try {
            target().requireMaterializeVersion(version);
        } catch (TargetUnavailableException e) {
            Assumptions.abort(e.getMessage());
        }
    }

    /** Materialize, as the guide's reader reaches it with psql (the target starts or finds it on first use). */
    public Materialize materialize() {
        if (materialize == null) {
            MaterializeAccess access = target().materialize();
            materialize = new Materialize(access.endpoint(), access.user(), access.password(), target().guard());
            Evidence.text("materialize", access.toString());
            writeEnvironment();
        }
        return materialize;
    }

    /** Remembers the result of the last query a step ran, for the Then steps that check it. */
    public void lastResult(ResultTable result) {
        this.lastResult = result;
    }

    public ResultTable lastResult() {
        if (lastResult == null) {
            throw new IllegalStateException("no query has run yet: run one first");
        }
        return lastResult;
    }

    public Duration waitTimeout() {
        return config.waitTimeout();
    }

    public void replication(LogicalReplicationCheck check) {
        closeReplication();
        this.replication = check;
    }

    public LogicalReplicationCheck replication() {
        if (replication == null) {
            throw new IllegalStateException("no replication connection is open: open one first");
        }
        return replication;
    }

    /** Runs a step that is expected to fail and remembers how it failed (a later Then step checks it). */
    public void attempt(Runnable action) {
        failure = null;
        try {
            action.run();
        } catch (RuntimeException | AssertionError e) {
            failure = e;
            Evidence.text("expected failure", String.valueOf(e.getMessage()));
        }
    }

    /** The failure of the last "tries to" step; fails the scenario when that step succeeded. */
    public Throwable failure() {
        if (failure == null) {
            throw new AssertionError("the step was expected to fail, but it succeeded");
        }
        return failure;
    }

    private void closeReplication() {
        if (replication != null) {
            replication.close();
            replication = null;
        }
    }

    private void closeMaterialize() {
        if (materialize != null) {
            try {
                materialize.close(); // drops the sources this run created, and with them their replication slots
            } finally {
                materialize = null;
            }
        }
    }

    /**
     * Ends the scenario's work: closes the replication check, drops what it created in Materialize (first, so no
     * source is left using a tunnel or endpoint about to go), then undoes what it created in AWS, newest first, even
     * after a failure of one of these. On the live target only what this run created is touched, and only changes
     * that were allowed can have created anything. Fails, after attaching the report, when something could not be
     * removed, so that a leftover resource is never silent.
     */
    public void cleanUp() {
        try {
            closeSessions();
        } finally {
            cleanUpAws();
        }
    }

    /** Closes the replication check, then drops what the scenario created in Materialize, even if the first fails. */
    private void closeSessions() {
        try {
            closeReplication();
        } finally {
            closeMaterialize();
        }
    }

    private void cleanUpAws() {
        if (target == null) {
            return;
        }
        CreatedResources.Report report = target.aws().cleanUp(waitTimeout());
        if (report.failed()) {
            throw new AssertionError("the AWS clean-up could not remove everything this scenario created (run "
                    + RUN_ID + "): " + report);
        }
    }

    @Override
    public void dispose() {
        try {
            closeSessions();
        } finally {
            try {
                if (target != null && !target.aws().created().pending().isEmpty()) {
                    cleanUpAws(); // the @After hook did not run or did not finish
                }
            } catch (RuntimeException | AssertionError e) {
                LOG.warn("AWS clean-up after the scenario: {}", e.getMessage());
            } finally {
                if (target != null) {
                    target.close();
                }
            }
        }
    }
}
