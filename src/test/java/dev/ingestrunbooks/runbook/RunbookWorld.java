package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.AwsControlPlane;
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

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The state of one scenario, shared by its step classes through PicoContainer: the target (opened on first use),
 * the database the scenario declared, the guide's placeholders, an open replication check, and the failure an
 * "tries to" step captured. {@link #dispose()} runs after every scenario and removes what the target created.
 */
public final class RunbookWorld implements Disposable {
    private final RunbookConfig config = RunbookConfig.fromSystem();
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
            writeEnvironment();
        }
        return target;
    }

    private void writeEnvironment() {
        Map<String, String> environment = new HashMap<>(target.describe());
        environment.put("target", target.kind().id());
        Evidence.environment(environment);
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

    @Override
    public void dispose() {
        try {
            closeReplication();
        } finally {
            try {
                if (materialize != null) {
                    materialize.close(); // drops the sources this run created, and with them their replication slots
                }
            } finally {
                if (target != null) {
                    target.close();
                }
            }
        }
    }
}
