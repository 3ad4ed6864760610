package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.SettingCheck;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.Map;

/** The databases a scenario declares, the guide's placeholders, and SQL run as the admin user. */
public class DatabaseSteps {
    private final RunbookWorld world;

    public DatabaseSteps(RunbookWorld world) {
        this.world = world;
    }

    @Given("an RDS for PostgreSQL instance {string}")
    public void anRdsInstance(String identifier) {
        world.declare(t -> t.rdsInstance(identifier));
    }

    @Given("an Aurora PostgreSQL cluster {string}")
    public void anAuroraCluster(String identifier) {
        world.declare(t -> t.auroraCluster(identifier, null, "provisioned"));
    }

    @Given("an Aurora PostgreSQL cluster {string} on engine version {string}")
    public void anAuroraClusterOnEngineVersion(String identifier, String engineVersion) {
        world.declare(t -> t.auroraCluster(identifier, engineVersion, "provisioned"));
    }

    @Given("an Aurora Serverless v1 cluster {string}")
    public void anAuroraServerlessV1Cluster(String identifier) {
        world.declare(t -> t.auroraCluster(identifier, null, "serverless"));
    }

    @Given("the guide's placeholders:")
    public void theGuidesPlaceholders(Map<String, String> values) {
        values.forEach(world.placeholders()::put);
    }

    @Given("the admin has created the tables:")
    public void theAdminHasCreatedTheTables(String sql) {
        world.upstream().execute(sql);
    }

    @When("the admin runs( the guide's SQL):")
    public void theAdminRuns(String sql) {
        world.upstream().execute(world.placeholders().fill(sql));
    }

    @When("the admin checks( the setting as the guide shows):")
    public void theAdminChecks(String sql) {
        world.lastResult(world.upstream().query(world.placeholders().fill(sql)));
    }

    @When("the admin runs the guide's query:")
    public void theAdminRunsTheGuidesQuery(String sql) {
        world.lastResult(world.upstream().query(world.placeholders().fill(sql)));
    }

    @Then("the setting {string} is {string}")
    public void theSettingIs(String name, String expected) {
        SettingCheck.expect(world.upstream(), name, expected);
    }

    @When("the admin checks that the setting {string} is {string}")
    public void checksThatTheSettingIs(String name, String expected) {
        world.attempt(() -> theSettingIs(name, expected));
    }
}
