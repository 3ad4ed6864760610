package dev.ingestrunbooks.sandbox.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.Target;
import org.junit.jupiter.api.Test;

/** The target health state machine with AWS's TCP defaults (healthy after 5 passes, unhealthy after 2 failures). */
class Elbv2TargetRegistrationTest {

    private final TargetRegistration r = new TargetRegistration(new Target("127.31.0.9", 5432, "us-east-1a"));

    @Test
    void startsInRegistrationThenChecksInitiallyThenTurnsHealthyAtTheThreshold() {
        assertThat(r.state + "/" + r.reason).isEqualTo("initial/Elb.RegistrationInProgress");
        for (int i = 0; i < 4; i++) {
            assertThat(r.record(true, 5, 2)).isFalse();
        }
        assertThat(r.state + "/" + r.reason).isEqualTo("initial/Elb.InitialHealthChecking");
        assertThat(r.record(true, 5, 2)).isTrue();
        assertThat(r.state).isEqualTo("healthy");
    }

    @Test
    void aFailureResetsThePassesAndTwoInARowMakeItUnhealthy() {
        for (int i = 0; i < 5; i++) {
            r.record(true, 5, 2);
        }
        assertThat(r.record(false, 5, 2)).isFalse();
        assertThat(r.record(true, 5, 2)).as("one pass in between").isFalse();
        assertThat(r.record(false, 5, 2)).isFalse();
        assertThat(r.state).isEqualTo("healthy");
        assertThat(r.record(false, 5, 2)).isTrue();
        assertThat(r.state).isEqualTo("unhealthy");
        for (int i = 0; i < 4; i++) {
            r.record(true, 5, 2);
        }
        assertThat(r.state).as("back only after five passes").isEqualTo("unhealthy");
        assertThat(r.record(true, 5, 2)).isTrue();
        assertThat(r.state).isEqualTo("healthy");
    }

    @Test
    void anUnreachableNewTargetGoesStraightToUnhealthyAndResetStartsOver() {
        r.record(false, 5, 2);
        assertThat(r.state).isEqualTo("initial");
        r.record(false, 5, 2);
        assertThat(r.state).isEqualTo("unhealthy");
        r.reset();
        assertThat(r.state + "/" + r.reason + "/" + r.failures).isEqualTo("initial/Elb.RegistrationInProgress/0");
    }
}
