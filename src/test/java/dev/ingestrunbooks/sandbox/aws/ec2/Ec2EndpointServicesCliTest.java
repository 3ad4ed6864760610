package dev.ingestrunbooks.sandbox.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsCli;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin's PrivateLink steps with the real AWS CLI against the emulator, as someone following the guide by hand
 * would run them; botocore parses the camelCase endpoint state as a plain string. Skipped without {@code aws}.
 */
class Ec2EndpointServicesCliTest {

    private static AwsEmulator aws;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(AwsCli.installed(), "the aws CLI is not installed");
        aws = AwsEmulator.start();
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private static String cli(String... args) throws Exception {
        AwsCli.Run run = AwsCli.run(aws.endpoint(), args);
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out();
    }

    @Test
    void theAdminSeesAndAcceptsThePendingConnection() throws Exception {
        String nlb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mz-rds-nlb/f48140c6a1398f46";
        String serviceId = cli("ec2", "create-vpc-endpoint-service-configuration", "--network-load-balancer-arns", nlb,
                "--acceptance-required", "--query", "ServiceConfiguration.ServiceId");
        assertThat(serviceId).matches("vpce-svc-[0-9a-f]{17}");
        await().atMost(Duration.ofSeconds(10)).until(() -> aws.ec2Backend().endpointService(serviceId).state()
                .equals("Available"));
        String role = "arn:aws:iam::664411391173:role/mz_0a1b2c3d_u1";
        cli("ec2", "modify-vpc-endpoint-service-permissions", "--service-id", serviceId, "--add-allowed-principals",
                role);
        String vpce = aws.ec2Backend().requestEndpoint("com.amazonaws.vpce.us-east-1." + serviceId, role, List.of())
                .id();

        assertThat(cli("ec2", "describe-vpc-endpoint-connections", "--filters", "Name=service-id,Values=" + serviceId,
                "--query", "VpcEndpointConnections[].[VpcEndpointId,VpcEndpointOwner,VpcEndpointState]"))
                .isEqualTo(vpce + "\t664411391173\tpendingAcceptance");
        assertThat(cli("ec2", "accept-vpc-endpoint-connections", "--service-id", serviceId, "--vpc-endpoint-ids", vpce,
                "--output", "json")).contains("\"Unsuccessful\": []");
    }
}
