package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.drivers.AwsCallRecorder;
import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.time.Duration;

/**
 * The AWS side of the sandbox and containers targets: the control-plane emulator and the driver a runbook uses,
 * built on a real SDK client that records each call as evidence.
 */
public final class EmulatedAws implements AutoCloseable {
    private final AwsEmulator emulator;
    private final RdsClient rds;
    private final Ec2Client ec2;
    private final ElasticLoadBalancingV2Client elbv2;
    private final AwsControlPlane driver;

    private EmulatedAws(AwsEmulator emulator, Duration pollInterval) {
        this.emulator = emulator;
        this.rds = emulator.rdsClientBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        this.ec2 = emulator.ec2ClientBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        this.elbv2 = emulator.elbv2ClientBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        this.driver = new AwsControlPlane(rds, ec2, elbv2, ChangeGuard.ALLOW_ALL, pollInterval);
    }

    /** Starts an emulator for {@code region}; the driver polls states every {@code pollInterval}. */
    public static EmulatedAws start(String region, Duration pollInterval) {
        return new EmulatedAws(AwsEmulator.start(region, RdsBackend.Timings.defaults()), pollInterval);
    }

    /** What runbook steps call. */
    public AwsControlPlane driver() {
        return driver;
    }

    /** The EC2 model (VPC, subnets, security groups). */
    public dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend ec2Backend() {
        return emulator.ec2Backend();
    }

    /** The ELBv2 model (network load balancers, target groups, listeners). */
    public dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend elbv2Backend() {
        return emulator.elbv2Backend();
    }

    /** Where the sandbox registers its databases. */
    public RdsBackend rdsBackend() {
        return emulator.rdsBackend();
    }

    public URI endpoint() {
        return emulator.endpoint();
    }

    /** Every action the emulator was asked for, as {@code service:Action}, in arrival order. */
    public java.util.List<String> actions() {
        return emulator.actions();
    }

    /** Closes the client, then the emulator (which waits for reboots in flight). */
    @Override
    public void close() {
        try {
            rds.close();
            ec2.close();
            elbv2.close();
        } finally {
            emulator.close();
        }
    }
}
