package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.CreatedResources;
import dev.ingestrunbooks.drivers.RunTags;
import dev.ingestrunbooks.target.SandboxTarget;
import dev.ingestrunbooks.target.TargetKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A section B scenario that fails half-way on the sandbox: the same step classes a runbook uses create a key pair, the
 * bastion's group and a second group with rules naming each other, a rule in the database's group naming the
 * bastion's group, an instance with an Elastic IP, a target group, an NLB with a listener, a rule for the NLB's VPC
 * CIDR, an endpoint service with an allowed principal and an accepted connection, and parameter groups; then a step
 * fails, the world cleans up as the {@code @After} hook does, and Describe* calls through a separate SDK client show
 * that nothing the run made is left while what existed before (the database's group and its rule, the default VPC)
 * is as it was.
 */
class CleanUpAfterFailureTest {
    private static final String MZ_ROLE = "arn:aws:iam::664411391173:role/mz_0a1b2c3d_u1";
    private RunbookWorld world;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elbv2;
    private RdsClient rds;

    @BeforeEach
    void openWorld() {
        world = new RunbookWorld();
        Assumptions.assumeTrue(world.config().target() == TargetKind.SANDBOX, "a sandbox-only test");
        world.scenarioName("B on RDS fails half-way (clean-up test)");
        world.declare(t -> t.rdsInstance("cleanup-db"));
        SandboxTarget sandbox = (SandboxTarget) world.target();
        var credentials = dev.ingestrunbooks.sandbox.aws.AwsEmulator.CREDENTIALS;
        Region region = Region.of(world.config().region());
        ec2 = Ec2Client.builder().region(region).endpointOverride(sandbox.awsEndpoint())
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        elbv2 = ElasticLoadBalancingV2Client.builder().region(region).endpointOverride(sandbox.awsEndpoint())
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        rds = RdsClient.builder().region(region).endpointOverride(sandbox.awsEndpoint())
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void closeWorld() {
        if (ec2 != null) {
            ec2.close();
            elbv2.close();
            rds.close();
        }
        world.dispose();
    }

    /** Every security group with its inbound rules, by id. */
    private Map<String, List<IpPermission>> groups() {
        return ec2.describeSecurityGroups().securityGroups().stream()
                .collect(Collectors.toMap(SecurityGroup::groupId, SecurityGroup::ipPermissions));
    }

    private String groupNamed(String name) {
        return ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values(name).build()))
                .securityGroups().get(0).groupId();
    }

    private Filter runTag() {
        return Filter.builder().name("tag:" + RunTags.RUN_KEY).values(RunbookWorld.RUN_ID).build();
    }

    @Test
    void aScenarioThatFailsHalfWayLeavesNothingItCreatedAndTouchesNothingElse() throws Exception {
        Map<String, List<IpPermission>> groupsBefore = groups();
        List<Vpc> vpcsBefore = ec2.describeVpcs().vpcs();
        String dbGroup = world.aws().databaseSecurityGroups("cleanup-db", false).get(0);
        assertThat(groupsBefore.get(dbGroup)).as("the database's own rule").hasSize(1);
        String port = String.valueOf(world.database().endpoint().port());

        BastionSteps bastion = new BastionSteps(world);
        PrivateLinkSteps privateLink = new PrivateLinkSteps(world);
        AssertionError failure = null;
        try {
            bastion.importKeyPair("cleanup-key");
            bastion.launchBastion("cleanup-bastion", "cleanup-key", "cleanup-bastion-sg");
            bastion.associateElasticIp();
            bastion.allowBastionGroupOnDatabase();
            String bastionGroup = groupNamed("cleanup-bastion-sg");
            String peer = world.aws().createSecurityGroupIfAbsent("cleanup-peer-sg", "a second group of the run");
            world.aws().allowIngressFromGroup(peer, 5432, bastionGroup, "from the bastion");
            world.aws().allowIngressFromGroup(bastionGroup, 22, peer, "from the peer");

            privateLink.lookUpDatabaseIp();
            privateLink.createTargetGroup("cleanup-tg", port);
            privateLink.createLoadBalancer("cleanup-nlb", port);
            privateLink.allowLoadBalancerVpc(port);
            privateLink.createEndpointService();
            privateLink.allowPrincipal(MZ_ROLE);
            String serviceId = "vpce-svc-" + world.placeholders().get("endpoint_service_id");
            // Materialize's side: its account asks for an endpoint; the admin accepts it
            ((SandboxTarget) world.target()).sandbox().ec2Backend()
                    .requestEndpoint(world.aws().endpointServiceName(serviceId), MZ_ROLE, List.of());
            privateLink.acceptConnection();

            String family = world.aws().parameterGroupFamily("postgres",
                    world.aws().instance("cleanup-db").engineVersion());
            world.aws().createDbParameterGroup("cleanup-unused-pg", family, "never associated");
            new LogicalReplicationSteps(world).logicalReplicationIsEnabledOnTheInstance("cleanup-a1-pg");

            assertTagged(bastionGroup, peer);
            assertElbv2Tagged();
            throw new AssertionError("the scenario fails here on purpose");
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).hasMessage("the scenario fails here on purpose");
        assertThat(world.aws().created().pending()).hasSizeGreaterThan(15);

        world.cleanUp(); // what the @After hook runs; it throws when anything could not be removed

        assertThat(ec2.describeKeyPairs().keyPairs()).isEmpty();
        assertThat(ec2.describeInstances().reservations()).flatMap(r -> r.instances())
                .allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.TERMINATED));
        assertThat(ec2.describeAddresses().addresses()).isEmpty();
        assertThat(groups()).as("the same groups with the same rules as before the run").isEqualTo(groupsBefore);
        assertThat(ec2.describeVpcs().vpcs()).isEqualTo(vpcsBefore);
        assertThat(ec2.describeVpcEndpointServiceConfigurations().serviceConfigurations()).isEmpty();
        assertThat(elbv2.describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(elbv2.describeTargetGroups().targetGroups()).isEmpty();
        assertThatThrownBy(() -> rds.describeDBParameterGroups(r -> r.dbParameterGroupName("cleanup-unused-pg")))
                .isInstanceOf(DbParameterGroupNotFoundException.class);
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("cleanup-db")).dbInstances().get(0)
                .dbParameterGroups().get(0).dbParameterGroupName())
                .as("A1's group stays: the database uses it, and moving it back would undo A1")
                .isEqualTo("cleanup-a1-pg");
        assertThat(world.aws().created().pending()).isEmpty();
    }

    /** What takes tags at creation in EC2 carries the run's id. */
    private void assertTagged(String bastionGroup, String peer) {
        assertThat(ec2.describeSecurityGroups(r -> r.filters(runTag())).securityGroups())
                .extracting(SecurityGroup::groupId).containsExactlyInAnyOrder(bastionGroup, peer);
        assertThat(ec2.describeKeyPairs(r -> r.filters(runTag())).keyPairs()).hasSize(1);
        assertThat(ec2.describeInstances(r -> r.filters(runTag())).reservations()).hasSize(1);
        assertThat(ec2.describeAddresses(r -> r.filters(runTag())).addresses()).hasSize(1);
        assertThat(ec2.describeVpcEndpointServiceConfigurations(r -> r.filters(runTag())).serviceConfigurations())
                .singleElement().satisfies(s -> assertThat(s.tags()).anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo(RunTags.SCENARIO_KEY);
                    assertThat(t.value()).isEqualTo("B on RDS fails half-way _clean-up test_");
                }));
    }

    /** The target group, the load balancer and its listener carry the run's id (ELBv2 DescribeTags). */
    private void assertElbv2Tagged() {
        String nlb = elbv2.describeLoadBalancers().loadBalancers().get(0).loadBalancerArn();
        List<String> arns = List.of(nlb, elbv2.describeTargetGroups().targetGroups().get(0).targetGroupArn(),
                elbv2.describeListeners(r -> r.loadBalancerArn(nlb)).listeners().get(0).listenerArn());
        assertThat(elbv2.describeTags(r -> r.resourceArns(arns)).tagDescriptions()).hasSize(3)
                .allSatisfy(d -> assertThat(d.tags()).anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo(RunTags.RUN_KEY);
                    assertThat(t.value()).isEqualTo(RunbookWorld.RUN_ID);
                }));
    }

    @Test
    void aScenarioThatCreatedNothingReportsSo() {
        CreatedResources.Report report = world.aws().cleanUp(Duration.ofSeconds(5));
        assertThat(report.outcomes()).isEmpty();
    }
}
