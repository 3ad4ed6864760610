package dev.ingestrunbooks.sandbox.aws.elbv2;

import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.Target;

/**
 * One registered target's health as its checks leave it, the state machine behind DescribeTargetHealth: it starts
 * {@code initial}/{@code Elb.RegistrationInProgress}, is {@code initial}/{@code Elb.InitialHealthChecking} once a
 * check has run, becomes {@code healthy} after {@code healthyThreshold} passing checks in a row and {@code unhealthy}
 * after {@code unhealthyThreshold} failing ones, and moves between those two the same way. Whether the group is in
 * use, and draining, are decided by {@link Elbv2Backend}, which guards these objects with its lock.
 */
final class TargetRegistration {

    final Target target;
    String state = Elbv2Backend.INITIAL;
    String reason = "Elb.RegistrationInProgress";
    int successes;
    int failures;
    boolean draining;

    TargetRegistration(Target target) {
        this.target = target;
    }

    /** Back to the start, as when the group stops or starts being used by a load balancer. */
    void reset() {
        state = Elbv2Backend.INITIAL;
        reason = "Elb.RegistrationInProgress";
        successes = 0;
        failures = 0;
    }

    /** Counts one check; returns whether the state changed. */
    boolean record(boolean passed, int healthyThreshold, int unhealthyThreshold) {
        if (passed) {
            successes++;
            failures = 0;
        } else {
            failures++;
            successes = 0;
        }
        String before = state;
        if (state.equals(Elbv2Backend.INITIAL)) {
            reason = "Elb.InitialHealthChecking";
        }
        if (!state.equals(Elbv2Backend.HEALTHY) && successes >= healthyThreshold) {
            state = Elbv2Backend.HEALTHY;
        } else if (!state.equals(Elbv2Backend.UNHEALTHY) && failures >= unhealthyThreshold) {
            state = Elbv2Backend.UNHEALTHY;
        }
        return !before.equals(state);
    }
}
