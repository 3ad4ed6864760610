package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.AuroraChecks;
import dev.ingestrunbooks.drivers.LogicalReplicationSetup;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Guide step A1: logical replication through (cluster) parameter groups and a reboot. */
public class LogicalReplicationSteps {
    private final RunbookWorld world;

    public LogicalReplicationSteps(RunbookWorld world) {
        this.world = world;
    }

    @Given("logical replication is enabled on the instance with DB parameter group {string}")
    public void logicalReplicationIsEnabledOnTheInstance(String group) {
        new LogicalReplicationSetup(world.aws(), world.waitTimeout()).enableOnInstance(world.database().identifier(), group);
    }

    @Given("logical replication is enabled on the cluster with DB cluster parameter group {string}")
    public void logicalReplicationIsEnabledOnTheCluster(String group) {
        new LogicalReplicationSetup(world.aws(), world.waitTimeout()).enableOnCluster(world.database().identifier(), group);
    }

    @When("the admin creates DB parameter group {string} for the instance's engine family")
    public void createDbParameterGroup(String group) {
        DBInstance instance = world.aws().instance(world.database().identifier());
        String family = world.aws().parameterGroupFamily(instance.engine(), instance.engineVersion());
        GuideSteps.A1.run(() -> world.aws().createDbParameterGroup(group, family, "Materialize: logical replication"));
    }

    @When("the admin creates DB cluster parameter group {string} for the cluster's engine family")
    public void createDbClusterParameterGroup(String group) {
        DBCluster cluster = world.aws().cluster(world.database().identifier());
        String family = world.aws().parameterGroupFamily(cluster.engine(), cluster.engineVersion());
        GuideSteps.A1.run(() -> world.aws().createDbClusterParameterGroup(group, family, "Materialize: logical replication"));
    }

    @When("the admin sets {string} to {string} in DB parameter group {string} with apply method {string}")
    public void setDbParameter(String name, String value, String group, String method) {
        GuideSteps.A1.run(() -> world.aws().setDbParameter(group, name, value, ApplyMethod.fromValue(method)));
    }

    @When("the admin tries to set {string} to {string} in DB parameter group {string} with apply method {string}")
    public void triesToSetDbParameter(String name, String value, String group, String method) {
        world.attempt(() -> setDbParameter(name, value, group, method));
    }

    @When("the admin sets {string} to {string} in DB cluster parameter group {string} with apply method {string}")
    public void setDbClusterParameter(String name, String value, String group, String method) {
        GuideSteps.A1.run(() -> world.aws().setDbClusterParameter(group, name, value, ApplyMethod.fromValue(method)));
    }

    @When("the admin associates DB parameter group {string} with the instance")
    public void associateDbParameterGroup(String group) {
        GuideSteps.A1.run(() -> world.aws().associateDbParameterGroup(world.database().identifier(), group));
    }

    @When("the admin associates DB cluster parameter group {string} with the cluster")
    public void associateDbClusterParameterGroup(String group) {
        GuideSteps.A1.run(() -> world.aws().associateDbClusterParameterGroup(world.database().identifier(), group));
    }

    @Then("the instance's DB parameter group {string} is {string}")
    public void theInstancesDbParameterGroupIs(String group, String status) {
        DBInstance instance = world.aws().instance(world.database().identifier());
        assertThat(instance.dbParameterGroups()).extracting(DBParameterGroupStatus::dbParameterGroupName,
                DBParameterGroupStatus::parameterApplyStatus).contains(tuple(group, status));
    }

    @Then("the instance still uses its default DB parameter group")
    public void theInstanceStillUsesItsDefaultDbParameterGroup() {
        DBInstance instance = world.aws().instance(world.database().identifier());
        assertThat(instance.dbParameterGroups()).extracting(DBParameterGroupStatus::dbParameterGroupName)
                .singleElement().asString().startsWith("default.");
    }

    @Then("the cluster uses DB cluster parameter group {string}")
    public void theClusterUsesDbClusterParameterGroup(String group) {
        assertThat(world.aws().cluster(world.database().identifier()).dbClusterParameterGroup()).isEqualTo(group);
    }

    @Then("the writer's DB cluster parameter group status is {string}")
    public void theWritersDbClusterParameterGroupStatusIs(String status) {
        DBClusterMember writer = world.aws().cluster(world.database().identifier()).dbClusterMembers().stream()
                .filter(DBClusterMember::isClusterWriter).findFirst().orElseThrow();
        assertThat(writer.dbClusterParameterGroupStatus()).isEqualTo(status);
    }

    @When("the admin reboots the instance")
    public void rebootTheInstance() {
        world.aws().rebootInstance(world.database().identifier());
    }

    @When("the admin reboots the cluster's writer instance")
    public void rebootTheWriter() {
        world.aws().rebootInstance(world.aws().writerInstance(world.database().identifier()));
    }

    @Then("the instance becomes {string}")
    public void theInstanceBecomes(String status) {
        world.aws().awaitInstanceStatus(world.database().identifier(), status, world.waitTimeout());
    }

    @Then("the cluster's writer instance becomes {string}")
    public void theWriterBecomes(String status) {
        world.aws().awaitInstanceStatus(world.aws().writerInstance(world.database().identifier()), status,
                world.waitTimeout());
    }

    @Then("the cluster supports logical replication")
    public void theClusterSupportsLogicalReplication() {
        AuroraChecks.supportsLogicalReplication(world.aws().cluster(world.database().identifier()));
    }

    @When("the admin checks that the cluster supports logical replication")
    public void checksThatTheClusterSupportsLogicalReplication() {
        world.attempt(this::theClusterSupportsLogicalReplication);
    }

    @Then("the cluster's engine version has no known logical replication bug")
    public void noKnownBug() {
        AuroraChecks.notAffectedByKnownBug(world.aws().cluster(world.database().identifier()));
    }

    @When("the admin checks the cluster's engine version for known logical replication bugs")
    public void checksForKnownBugs() {
        world.attempt(this::noKnownBug);
    }
}
