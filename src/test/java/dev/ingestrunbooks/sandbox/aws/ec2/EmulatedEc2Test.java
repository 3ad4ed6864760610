package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * One AWS emulator and one real-SDK EC2 client for a whole test class: started before its tests (a subclass's own
 * {@code @BeforeAll} runs after, with both ready), closed after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatedEc2Test {
    protected AwsEmulator aws;
    protected Ec2Client ec2;

    /** The emulator this class runs against: the defaults, unless a class needs other EC2 timings. */
    protected AwsEmulator startEmulator() {
        return AwsEmulator.start();
    }

    /** An emulator whose instances leave {@code pending} (and {@code shutting-down}) after {@code transition}. */
    protected static AwsEmulator emulatorWithEc2Transitions(Duration transition) {
        return AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(transition, transition, Duration.ofSeconds(2)));
    }

    @BeforeAll
    final void startEmulatorAndClient() {
        aws = startEmulator();
        ec2 = aws.ec2Client();
    }

    @AfterAll
    final void stopClientAndEmulator() {
        ec2.close();
        aws.close();
    }
}
