package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.health.CheckCatalog;
import dev.ingestrunbooks.drivers.health.CheckResult;
import dev.ingestrunbooks.drivers.health.CheckStatus;
import dev.ingestrunbooks.drivers.health.HealthCheck;
import dev.ingestrunbooks.drivers.health.HealthRun;
import dev.ingestrunbooks.drivers.health.SetupProbe;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;

/**
 * The compliance runbooks ({@code @compliance @readonly}): one scenario per check, run read-only on every setup of
 * the inventory. A finding fails the scenario and names the guide step that fixes it; a check that could not read
 * breaks it; a warning passes with the warning attached.
 */
public final class ComplianceSteps {

    private final RunbookWorld world;
    private List<SetupSpec> setups;

    public ComplianceSteps(RunbookWorld world) {
        this.world = world;
    }

    @Given("the setups to check")
    public void theSetupsToCheck() {
        setups = ComplianceSetups.resolve(world.config());
        Evidence.text("setups", String.join("\n", setups.stream().map(s -> s.name() + ": " + s.kind().id() + " "
                + s.awsId() + " in " + s.region() + ", upstream " + s.upstream() + ", Materialize "
                + s.materialize()).toList()));
    }

    @Then("check {string} passes on every setup")
    public void checkPassesOnEverySetup(String id) {
        HealthCheck check = CheckCatalog.get(id);
        Evidence.severity(check.definition().severity().allureLabel());
        List<CheckResult> results = new ArrayList<>();
        for (SetupSpec setup : setups) {
            try (SetupProbe probe = new SetupProbe(setup, AwsClients::rds)) {
                HealthRun.run(check, probe).ifPresent(results::add);
            }
        }
        Evidence.text("results", String.join("\n", results.stream().map(CheckResult::summary).toList()));
        List<String> findings = summaries(results, CheckStatus.FAIL);
        List<String> errors = summaries(results, CheckStatus.ERROR);
        if (!findings.isEmpty()) {
            throw new AssertionError(String.join("\n", findings)); // each names the step that fixes it
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(String.join("\n", errors));
        }
    }

    private static List<String> summaries(List<CheckResult> results, CheckStatus status) {
        return results.stream().filter(r -> r.status() == status).map(CheckResult::summary).toList();
    }
}
