package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.MaterializeError;
import dev.ingestrunbooks.drivers.RunbookFailure;
import io.cucumber.java.en.Then;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on the failure of a "tries to" step: the teeth of the runbooks. */
public class FailureSteps {
    private final RunbookWorld world;

    public FailureSteps(RunbookWorld world) {
        this.world = world;
    }

    @Then("it fails naming guide step {string} with {string}")
    public void itFailsNamingGuideStep(String step, String text) {
        assertThat(world.failure()).isInstanceOf(RunbookFailure.class);
        RunbookFailure failure = (RunbookFailure) world.failure();
        assertThat(failure.fix()).isEqualTo(GuideStep.valueOf(step));
        assertThat(failure.getMessage()).contains(text).contains("do step " + step);
    }

    @Then("Materialize refuses it with {string}")
    public void materializeRefusesItWith(String text) {
        Throwable failure = world.failure() instanceof RunbookFailure rf && rf.getCause() != null ? rf.getCause()
                : world.failure();
        assertThat(failure).isInstanceOf(MaterializeError.class);
        assertThat(((MaterializeError) failure).rendered()).contains(text);
    }

    @Then("it fails with AWS error {string} saying {string}")
    public void itFailsWithAwsError(String code, String message) {
        Throwable failure = world.failure() instanceof RunbookFailure rf ? rf.getCause() : world.failure();
        assertThat(failure).isInstanceOf(AwsServiceException.class);
        AwsServiceException e = (AwsServiceException) failure;
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    }
}
