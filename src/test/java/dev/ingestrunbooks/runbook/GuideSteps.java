package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.RunbookFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs the AWS action of a guide step so that AWS's refusal (an unknown group, a wrong family, a static parameter
 * applied immediately) fails the scenario with a message naming that guide step, AWS's error kept as the cause.
 */
enum GuideSteps {
    A1(GuideStep.A1);

    private final GuideStep step;

    GuideSteps(GuideStep step) {
        this.step = step;
    }

    void run(Runnable awsAction) {
        try {
            awsAction.run();
        } catch (AwsServiceException e) {
            throw new RunbookFailure(step, "AWS refused it with " + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        }
    }
}
