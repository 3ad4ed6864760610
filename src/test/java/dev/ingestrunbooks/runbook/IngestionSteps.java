package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.MaterializeDiagnosis;
import dev.ingestrunbooks.drivers.MaterializeError;

import dev.ingestrunbooks.drivers.ReplicaComparison;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.RunbookFailure;
import dev.ingestrunbooks.drivers.SourceStatuses;
import dev.ingestrunbooks.evidence.Evidence;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * Guide sections C3 (monitor the ingestion) and D (explore the data) as checks that wait: the guide's status and
 * statistics queries until every object runs and the snapshot is committed, and each replicated table until it equals
 * its upstream table. A source that stalls with an error a guide step explains fails at once, naming that step.
 */
public class IngestionSteps {
    private final RunbookWorld world;

    public IngestionSteps(RunbookWorld world) {
        this.world = world;
    }

    @Then("the guide's status query shows every object {string}:")
    public void theStatusQueryShowsEveryObject(String status, String sql) {
        String query = world.placeholders().fill(sql);
        ResultTable last = poll("every object of the status query is " + status, query,
                t -> SourceStatuses.allIn(t, status), // every source has a status row at once
                t -> t.isEmpty() ? Optional.of(SourceStatuses.noSource()) : SourceStatuses.stalled(t));
        if (last.isEmpty()) {
            throw SourceStatuses.noSource();
        }
        if (!SourceStatuses.allIn(last, status)) {
            throw SourceStatuses.notYet(last, status, world.waitTimeout());
        }
    }

    @When("the Materialize user checks that the guide's status query shows every object {string}:")
    public void checksTheStatusQuery(String status, String sql) {
        world.attempt(() -> theStatusQueryShowsEveryObject(status, sql));
    }

    @When("the Materialize user checks that {string} in Materialize equals {string} upstream")
    public void checksTheReplica(String materializeTable, String upstreamTable) {
        world.attempt(() -> theReplicaEqualsItsUpstreamTable(materializeTable, upstreamTable));
    }

    @Then("the guide's statistics query shows the snapshot committed:")
    public void theStatisticsQueryShowsTheSnapshotCommitted(String sql) {
        String query = world.placeholders().fill(sql);
        ResultTable last = poll("the snapshot is committed", query, SourceStatuses::snapshotCommitted,
                t -> Optional.empty());
        if (last == null || !SourceStatuses.snapshotCommitted(last)) {
            throw SourceStatuses.snapshotNotCommitted(last, world.waitTimeout());
        }
    }

    /** A view in Materialize (kept fresh by Materialize) against the same query run upstream by the admin. */
    @Then("{string} in Materialize equals the upstream query:")
    public void theViewEqualsTheUpstreamQuery(String materializeRelation, String upstreamQuery) {
        String query = world.placeholders().fill(upstreamQuery).strip().replaceAll(";$", "");
        Evidence.sql("upstream query it must equal", query);
        theReplicaEqualsItsUpstreamTable(materializeRelation, "(" + query + ") AS upstream_query");
    }

    @Then("{string} in Materialize equals {string} upstream")
    public void theReplicaEqualsItsUpstreamTable(String materializeTable, String upstreamTable) {
        AtomicReference<ReplicaComparison.Outcome> last = new AtomicReference<>();
        try {
            await("the replica of " + upstreamTable).atMost(world.waitTimeout()).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(ReplicaComparison.compare(world.upstream(), upstreamTable, world.materialize(),
                                materializeTable));
                        return last.get().equal();
                    });
            Evidence.text("replica equals upstream", last.get().toString());
        } catch (MaterializeError e) {
            RunbookFailure diagnosed = MaterializeDiagnosis.diagnose(e).orElse(null);
            if (diagnosed != null) {
                throw diagnosed;
            }
            throw e;
        } catch (ConditionTimeoutException e) {
            String outcome = last.get() == null ? "not comparable" : last.get().toString();
            Evidence.text("replica differs from upstream", outcome);
            throw sourceErrors().orElseGet(() -> new RunbookFailure(GuideStep.C3, "after "
                    + world.waitTimeout().toSeconds() + " s the replica still differs: " + outcome
                    + "; check the ingestion status"));
        }
    }

    @Then("the upstream replication slot {string} is active")
    public void theUpstreamSlotIsActive(String slot) {
        String name = world.placeholders().fill(slot);
        ResultTable t = world.upstream().query("SELECT slot_name, plugin, slot_type, active FROM pg_replication_slots"
                + " WHERE slot_name = '" + name.replace("'", "''") + "'");
        if (t.isEmpty() || !isTrue(t.single("active"))) {
            throw new RunbookFailure(GuideStep.C2, "replication slot " + name + " is "
                    + (t.isEmpty() ? "missing upstream" : "not in use") + ": the source is not replicating");
        }
    }

    @Then("the upstream replication slot {string} is gone")
    public void theUpstreamSlotIsGone(String slot) {
        String name = world.placeholders().fill(slot);
        String query = "SELECT slot_name, active FROM pg_replication_slots WHERE slot_name = '"
                + name.replace("'", "''") + "'";
        try {
            await("slot " + name + " is dropped").atMost(world.waitTimeout()).pollInterval(Duration.ofMillis(100))
                    .until(() -> world.upstream().queryQuietly(query).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("replication slot " + name + " is still there upstream; a forgotten slot keeps"
                    + " WAL until the disk fills: drop it with SELECT pg_drop_replication_slot('" + name + "')");
        }
        world.upstream().query(query);
    }

    @Then("the status of {string} becomes {string} with an error containing {string}")
    public void theStatusBecomes(String object, String status, String error) {
        String query = "SELECT name, type, status, error FROM mz_internal.mz_source_statuses WHERE name = '"
                + object.replace("'", "''") + "'";
        ResultTable last = poll(object + " is " + status, query, t -> !t.isEmpty() && status.equals(t.single("status"))
                && t.single("error") != null && t.single("error").contains(error), t -> Optional.empty());
        if (last.isEmpty() || !status.equals(last.single("status")) || last.single("error") == null
                || !last.single("error").contains(error)) {
            throw new AssertionError("expected " + object + " to become " + status + " with an error containing '"
                    + error + "', but mz_source_statuses shows " + last.rows());
        }
    }

    @Then("reading {string} in Materialize fails with {string}")
    public void readingFails(String relation, String error) {
        String sql = "SELECT * FROM " + relation;
        try {
            world.materialize().query(sql);
        } catch (MaterializeError e) {
            Evidence.text("Materialize refused the read", e.rendered());
            if (!e.rendered().contains(error)) {
                throw new AssertionError("expected '" + sql + "' to fail with '" + error + "', but: " + e.rendered());
            }
            return;
        }
        throw new AssertionError("expected '" + sql + "' to fail with '" + error + "', but it returned rows");
    }

    @Then("the status of {string} stays {string}")
    public void theStatusStays(String object, String status) {
        ResultTable t = world.materialize().query("SELECT name, type, status, error FROM"
                + " mz_internal.mz_source_statuses WHERE name = '" + object.replace("'", "''") + "'");
        if (t.isEmpty() || !status.equals(t.single("status"))) {
            throw new AssertionError("expected " + object + " to be " + status + ", but mz_source_statuses shows "
                    + t.rows());
        }
    }

    /**
     * Polls {@code query} until {@code done}; {@code hopeless} may end the wait early with a failure. Returns the
     * last result, attached as evidence.
     */
    private ResultTable poll(String what, String query, Predicate<ResultTable> done,
            Function<ResultTable, Optional<RunbookFailure>> hopeless) {
        Evidence.sql("SQL on Materialize (repeated until " + what + ")", query);
        AtomicReference<ResultTable> last = new AtomicReference<>();
        AtomicReference<RunbookFailure> failure = new AtomicReference<>();
        try {
            await(what).atMost(world.waitTimeout()).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(world.materialize().queryQuietly(query));
                hopeless.apply(last.get()).ifPresent(failure::set);
                return failure.get() != null || done.test(last.get());
            });
        } catch (ConditionTimeoutException e) {
            // reported by the caller, which knows the guide's advice
        }
        ResultTable result = last.get();
        if (result != null) {
            Evidence.table("result", result.columns(), result.rows());
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result;
    }

    private Optional<RunbookFailure> sourceErrors() {
        return SourceStatuses.stalled(world.materialize().query("SELECT name, type, status, error"
                + " FROM mz_internal.mz_source_statuses WHERE error IS NOT NULL"));
    }

    private static boolean isTrue(String value) {
        return "t".equals(value) || "true".equals(value);
    }
}
