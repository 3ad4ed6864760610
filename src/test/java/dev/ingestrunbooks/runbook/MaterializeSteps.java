package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.MaterializeDiagnosis;
import dev.ingestrunbooks.drivers.MaterializeError;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.SourceListing;
import dev.ingestrunbooks.drivers.RunbookFailure;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL on Materialize as the guide's reader runs it (sections C and D), and checks on query results. A statement
 * Materialize refuses because a guide step was skipped fails naming that step.
 */
public class MaterializeSteps {
    private final RunbookWorld world;
    private final List<String> scripts = new ArrayList<>();

    public MaterializeSteps(RunbookWorld world) {
        this.world = world;
    }

    /** {@code @materialize-v0.97}: the scenario runs against that Materialize version (see MaterializeVersion). */
    @Before
    public void declareMaterializeVersion(Scenario scenario) {
        scenario.getSourceTagNames().stream().filter(t -> t.startsWith("@materialize-")).findFirst()
                .ifPresent(t -> world.requireMaterializeVersion(t.substring("@materialize-".length())));
    }

    @When("the Materialize user runs( the guide's SQL):")
    public void theMaterializeUserRuns(String sql) {
        world.lastResult(run(world.placeholders().fill(sql)));
    }

    @When("the Materialize user tries to run( the guide's SQL):")
    public void theMaterializeUserTriesToRun(String sql) {
        world.attempt(() -> theMaterializeUserRuns(sql));
    }

    @When("the Materialize user runs the guide's query:")
    public void theMaterializeUserRunsTheGuidesQuery(String sql) {
        world.lastResult(world.materialize().query(world.placeholders().fill(sql)));
    }

    @Then("the result has {int} row(s)")
    public void theResultHasRows(int count) {
        ResultTable result = world.lastResult();
        assertThat(result.rows()).as("rows of %s", result.columns()).hasSize(count);
    }

    /** Each expected row (only the columns the table names) must be among the result's rows. */
    @Then("the result has the rows:")
    public void theResultHasTheRows(DataTable expected) {
        ResultTable result = world.lastResult();
        for (Map<String, String> row : expected.asMaps()) {
            boolean found = result.rows().stream().anyMatch(actual -> row.entrySet().stream().allMatch(e ->
                    e.getValue().equals(actual.get(column(result, e.getKey())))));
            assertThat(found).as("a row with %s among %s", row, result.rows()).isTrue();
        }
    }

    @Then("SHOW SOURCES lists the source and its subsources:")
    public void showSourcesListsTheSourceAndItsSubsources(DataTable expected) {
        SourceListing.require(world.lastResult(), expected.asMaps());
    }

    @When("the Materialize user checks that the guide's SHOW SOURCES lists the source and its subsources:")
    public void theMaterializeUserChecksThatShowSourcesLists(DataTable expected) {
        world.attempt(() -> SourceListing.require(world.materialize().query("SHOW SOURCES;"), expected.asMaps()));
    }

    @Then("the guide's {string} is the result's {string}")
    public void theGuidesPlaceholderIsTheResults(String placeholder, String column) {
        ResultTable result = world.lastResult();
        assertThat(result.rows()).as("the query should return exactly one row").hasSize(1);
        world.placeholders().put(placeholder, result.single(column));
    }

    private static int column(ResultTable result, String name) {
        int index = result.columns().indexOf(name);
        assertThat(index).as("column %s in %s", name, result.columns()).isNotNegative();
        return index;
    }

    /**
     * Runs a script; Materialize's refusal becomes a failure naming the guide step that fixes it when one does (an
     * Aurora connection pointed at the reader endpoint first: step C2 tells to use the writer endpoint).
     */
    private ResultTable run(String script) {
        scripts.add(script);
        try {
            return world.materialize().execute(script);
        } catch (MaterializeError e) {
            Optional<RunbookFailure> diagnosed = world.database().readerEndpoint()
                    .flatMap(reader -> MaterializeDiagnosis.throughReaderEndpoint(e, reader.host(), scripts))
                    .or(() -> MaterializeDiagnosis.diagnose(e));
            if (diagnosed.isPresent()) {
                throw diagnosed.get();
            }
            throw e;
        }
    }
}
