package dev.ingestrunbooks.sandbox.aws;

import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator through the real AWS CLI ({@code aws --endpoint-url …}), as a person trying the guide by hand would
 * use it: botocore parses list members by their modeled names, unlike the Java SDK. Skipped where no CLI is installed.
 */
class AwsCliTest {
    private static final FakeDbEngine ENGINE = new FakeDbEngine();
    private static AwsEmulator aws;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(AwsCli.installed(), "the aws CLI is not installed");
        aws = AwsEmulator.start();
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", 45432, ENGINE));
    }

    @AfterAll
    static void stop() {
        ENGINE.release();
        if (aws != null) {
            aws.close();
        }
    }



    private static AwsCli.Run cli(String... args) throws IOException, InterruptedException {
        return AwsCli.run(aws.endpoint(), args);
    }

    @Test
    void describesInstancesWithTheirEndpointAndParameterGroup() throws Exception {
        AwsCli.Run run = cli("rds", "describe-db-instances", "--db-instance-identifier", "mz-rds", "--query",
                "DBInstances[0].[DBInstanceStatus,Endpoint.Port,DBParameterGroups[0].DBParameterGroupName]");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).isEqualTo("available\t45432\tdefault.postgres16");
    }

    @Test
    void refusesAStaticParameterAppliedImmediately() throws Exception {
        assertThat(cli("rds", "create-db-parameter-group", "--db-parameter-group-name", "cli-group",
                "--db-parameter-group-family", "postgres16", "--description", "cli").exit()).isZero();
        AwsCli.Run run = cli("rds", "modify-db-parameter-group", "--db-parameter-group-name", "cli-group", "--parameters",
                "ParameterName=rds.logical_replication,ParameterValue=1,ApplyMethod=immediate");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("InvalidParameterCombination")
                .contains("cannot use immediate apply method for static parameter");
    }

    @Test
    void walksTheNetworkLoadBalancerStepsWithElbv2Commands() throws Exception {
        String vpc = aws.ec2Backend().defaultVpc().id();
        String subnet = aws.ec2Backend().subnets().get(0).id();
        AwsCli.Run tg = cli("elbv2", "create-target-group", "--name", "cli-tg", "--protocol", "TCP", "--port", "5432",
                "--target-type", "ip", "--vpc-id", vpc, "--query", "TargetGroups[0].TargetGroupArn");
        assertThat(tg.exit()).as(tg.out()).isZero();
        assertThat(cli("elbv2", "register-targets", "--target-group-arn", tg.out(), "--targets",
                "Id=127.31.0.190,Port=5432").exit()).isZero();
        AwsCli.Run lb = cli("elbv2", "create-load-balancer", "--name", "cli-nlb", "--type", "network", "--scheme",
                "internal", "--subnets", subnet, "--query", "LoadBalancers[0].LoadBalancerArn");
        assertThat(lb.exit()).as(lb.out()).isZero();
        AwsCli.Run listener = cli("elbv2", "create-listener", "--load-balancer-arn", lb.out(), "--protocol", "TCP",
                "--port", "5432", "--default-actions", "Type=forward,TargetGroupArn=" + tg.out(), "--query",
                "Listeners[0].Port");
        assertThat(listener.exit()).as(listener.out()).isZero();
        assertThat(listener.out()).isEqualTo("5432");
        AwsCli.Run described = cli("elbv2", "describe-load-balancers", "--query",
                "LoadBalancers[0].[LoadBalancerName,Type,AvailabilityZones[0].ZoneName]");
        assertThat(described.exit()).as(described.out()).isZero();
        assertThat(described.out()).isEqualTo("cli-nlb\tnetwork\tus-east-1a");
        AwsCli.Run health = cli("elbv2", "describe-target-health", "--target-group-arn", tg.out(), "--query",
                "TargetHealthDescriptions[0].[Target.Id,TargetHealth.State]");
        assertThat(health.exit()).as(health.out()).isZero();
        assertThat(health.out()).matches("127\\.31\\.0\\.190\t(initial|unhealthy)");
        AwsCli.Run attrs = cli("elbv2", "describe-target-group-attributes", "--target-group-arn", tg.out(), "--query",
                "Attributes[?Key=='preserve_client_ip.enabled'].Value");
        assertThat(attrs.out()).isEqualTo("false");
        AwsCli.Run missing = cli("elbv2", "describe-target-health", "--target-group-arn", tg.out() + "0");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.out()).contains("TargetGroupNotFound");
    }

    @Test
    void pagesThroughAllParameters() throws Exception {
        AwsCli.Run run = cli("rds", "describe-db-parameters", "--db-parameter-group-name", "default.postgres16",
                "--query", "length(Parameters)");
        assertThat(run.exit()).as(run.out()).isZero();
        // with text output the CLI prints the query's result per page it fetched through Marker
        List<Integer> perPage = run.out().lines().map(String::strip).map(Integer::parseInt).toList();
        assertThat(perPage).hasSizeGreaterThan(1).first().isEqualTo(100);
        assertThat(perPage.stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100);
    }
}
