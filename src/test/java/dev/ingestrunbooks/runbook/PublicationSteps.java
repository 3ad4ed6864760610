package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.PublicationCheck;
import dev.ingestrunbooks.drivers.RunbookFailure;
import dev.ingestrunbooks.drivers.replication.LogicalReplicationCheck;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Guide step A2: the publication, the replication user, and the proof that the user can replicate. */
public class PublicationSteps {
    private final RunbookWorld world;

    public PublicationSteps(RunbookWorld world) {
        this.world = world;
    }

    @Then("publication {string} publishes the tables:")
    public void publicationPublishes(String publication, List<String> tables) {
        new PublicationCheck(world.upstream()).covers(publication, tables);
    }

    @Then("every table of publication {string} has REPLICA IDENTITY FULL")
    public void everyTableHasReplicaIdentityFull(String publication) {
        new PublicationCheck(world.upstream()).replicaIdentityFull(publication);
    }

    @When("the admin checks that every table of publication {string} has REPLICA IDENTITY FULL")
    public void checksReplicaIdentityFull(String publication) {
        world.attempt(() -> everyTableHasReplicaIdentityFull(publication));
    }

    @When("{string} opens a logical replication connection with a temporary pgoutput slot on publication {string}")
    public void opensReplication(String user, String publication) {
        world.replication(world.upstream().logicalReplicationAs(user, world.placeholders().password(), publication));
    }

    @When("{string} tries to open a logical replication connection with a temporary pgoutput slot on publication {string}")
    public void triesToOpenReplication(String user, String publication) {
        world.attempt(() -> opensReplication(user, publication));
    }

    @When("{string} tries to open a logical replication connection with a temporary pgoutput slot on publication {string} through the reader endpoint")
    public void triesToOpenReplicationOnTheReader(String user, String publication) {
        world.attempt(() -> world.replication(world.readerUpstream()
                .logicalReplicationAs(user, world.placeholders().password(), publication)));
    }

    @Then("the replication user reads the snapshot of {string} with every row the admin sees")
    public void readsTheSnapshot(String table) {
        long expected = Long.parseLong(world.upstream().query("SELECT count(*) AS n FROM " + table).single("n"));
        assertThat(world.replication().snapshotRowCount(table)).as("rows of %s in the slot's snapshot", table)
                .isEqualTo(expected);
    }

    @When("the replication user tries to read the snapshot of {string}")
    public void triesToReadTheSnapshot(String table) {
        world.attempt(() -> world.replication().snapshotRowCount(table));
    }

    @Then("the change to {string} arrives on the replication stream")
    public void theChangeArrives(String table) {
        world.replication().awaitChange(table, world.waitTimeout());
    }

    @Then("the change to {string} arrives on the replication stream with the full old row")
    public void theChangeArrivesWithTheFullOldRow(String table) {
        LogicalReplicationCheck.Change change = world.replication().awaitChange(table, world.waitTimeout());
        if (!change.fullOldRow()) {
            throw new RunbookFailure(GuideStep.A2, "the " + change.kind() + " of " + table
                    + " arrived without the full old row; the table needs REPLICA IDENTITY FULL");
        }
    }
}
