package dev.ingestrunbooks.drivers;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The record's own logic, with fake undos: order, going on after a failure, kept resources, forgetting. */
class CreatedResourcesTest {
    private final List<String> undone = new ArrayList<>();
    private final CreatedResources created = new CreatedResources();

    private CreatedResources.Undo log(String what) {
        return timeout -> undone.add(what);
    }

    private static AwsServiceException awsError(String code, String message) {
        return AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                .errorMessage(message).build()).message(message).build();
    }

    @Test
    void undoesNewestFirstSoDependentsGoBeforeWhatTheyDependOn() {
        created.register("key-pair:k", "key pair k", log("delete key pair"));
        created.register("security-group:sg-b", "bastion group", log("delete bastion group"));
        created.register("ingress:sg-b", "rule in bastion group", log("revoke rule in bastion group"));
        created.register("instance:i-1", "instance", log("terminate instance"));
        created.register("address:a", "address", log("release address"));
        created.register("association:x", "association", log("disassociate address"));
        created.register("ingress:sg-db", "db rule naming sg-b", log("revoke db rule"));

        CreatedResources.Report report = created.cleanUp(Duration.ofSeconds(1));

        assertThat(undone).containsExactly("revoke db rule", "disassociate address", "release address",
                "terminate instance", "revoke rule in bastion group", "delete bastion group", "delete key pair");
        assertThat(report.with(CreatedResources.Status.REMOVED)).hasSize(7);
        assertThat(report.failed()).isFalse();
        assertThat(created.pending()).isEmpty();
    }

    @Test
    void goesOnAfterAFailedUndoAndReportsTheAwsError() {
        created.register("security-group:sg-b", "security group sg-b", timeout -> {
            throw awsError("DependencyViolation", "resource sg-b has a dependent object");
        });
        created.register("instance:i-1", "EC2 instance i-1", timeout -> {
            throw new IllegalStateException("boom");
        });
        created.register("listener:l", "listener l", log("delete listener"));

        CreatedResources.Report report = created.cleanUp(Duration.ofSeconds(1));

        assertThat(undone).containsExactly("delete listener");
        assertThat(report.failed()).isTrue();
        assertThat(report.with(CreatedResources.Status.FAILED)).extracting(CreatedResources.Outcome::detail)
                .containsExactly("IllegalStateException: boom",
                        "DependencyViolation: resource sg-b has a dependent object");
        assertThat(report.toString()).startsWith("1 removed, 0 kept, 2 not removed")
                .contains("NOT removed security group sg-b: DependencyViolation: resource sg-b has a dependent object")
                .contains("removed listener l");
    }

    @Test
    void aKeptResourceIsReportedWithItsReasonAndIsNoFailure() {
        created.register("db-parameter-group:g", "DB parameter group g", timeout -> {
            throw new CreatedResources.Kept("a database uses it now");
        });

        CreatedResources.Report report = created.cleanUp(Duration.ofSeconds(1));

        assertThat(report.failed()).isFalse();
        assertThat(report.toString()).contains("kept DB parameter group g: a database uses it now");
    }

    @Test
    void whatTheRunRemovedItselfIsForgottenAndEachUndoRunsOnce() {
        created.register("key-pair:k", "key pair k", log("delete key pair"));
        created.register("instance:i-1", "instance", log("terminate instance"));
        created.forget("instance:i-1");
        assertThat(created.contains("instance:i-1")).isFalse();

        created.cleanUp(Duration.ofSeconds(1));
        CreatedResources.Report second = created.cleanUp(Duration.ofSeconds(1));

        assertThat(undone).containsExactly("delete key pair");
        assertThat(second.outcomes()).isEmpty();
        assertThat(second.toString()).isEqualTo("the run created nothing in AWS that needed removing");
    }

    @Test
    void anUndoGetsTheCleanUpTimeout() {
        List<Duration> seen = new ArrayList<>();
        created.register("instance:i-1", "instance", seen::add);
        created.cleanUp(Duration.ofSeconds(42));
        assertThat(seen).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void tagValuesAreCutAndCleanedForEveryService() {
        RunTags tags = new RunTags("20261202T112433Z-0a1b2c", "Stream via \"SSH\" (RDS), step B's bastion!");
        assertThat(tags.asMap()).containsEntry(RunTags.RUN_KEY, "20261202T112433Z-0a1b2c")
                .containsEntry(RunTags.SCENARIO_KEY, "Stream via _SSH_ _RDS__ step B_s bastion_");
        assertThat(new RunTags("r", "x".repeat(300)).scenario()).hasSize(256);
        assertThat(new RunTags("r", " ").scenario()).isEqualTo("unnamed");
    }
}
