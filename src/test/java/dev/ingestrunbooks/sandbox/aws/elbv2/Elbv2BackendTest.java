package dev.ingestrunbooks.sandbox.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.HealthCheck;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.LoadBalancerSpec;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.Target;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.TargetGroupSpec;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.TargetHealth;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ELBv2 model without HTTP: state machine, thresholds, validation, addresses. */
class Elbv2BackendTest {

    private Ec2Backend ec2;
    private Elbv2Backend elb;
    private String vpc;
    private List<Ec2Backend.Subnet> subnets;

    @BeforeEach
    void start() {
        ec2 = new Ec2Backend("us-east-1");
        elb = new Elbv2Backend("us-east-1", ec2, new Elbv2Backend.Timings(Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2)));
        vpc = ec2.defaultVpc().id();
        subnets = ec2.subnets();
    }

    @AfterEach
    void stop() {
        elb.close();
        ec2.close();
    }

    private String group(String name, HealthCheck hc) {
        return elb.createTargetGroup(new TargetGroupSpec(name, "TCP", 5432, vpc, "ip", null, hc)).arn();
    }

    private String activeNlb(String name, int subnetCount) {
        String arn = elb.createLoadBalancer(new LoadBalancerSpec(name, subnets.subList(0, subnetCount).stream()
                .map(Ec2Backend.Subnet::id).toList(), "internal", "network", List.of(), null)).arn();
        await(name + " active").atMost(Duration.ofSeconds(5)).until(() -> elb.loadBalancer(arn).state(),
                "active"::equals);
        return arn;
    }

    private TargetHealth health(String tg) {
        return elb.describeTargetHealth(tg, List.of()).get(0);
    }

    @Test
    void aTargetGoesThroughRegistrationAndInitialChecksToHealthyAtTheConfiguredThreshold() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.31.0.150"))) {
            String tg = group("tg-thresholds", new HealthCheck(true, "TCP", "traffic-port", 10, 5, 3, 2));
            elb.registerTargets(tg, List.of(new Target("127.31.0.150", server.getLocalPort(), null)));
            assertThat(health(tg).state()).isEqualTo("unused");
            String lb = elb.createLoadBalancer(new LoadBalancerSpec("nlb-thresholds", List.of(subnets.get(0).id()),
                    "internal", "network", List.of(), null)).arn();
            elb.createListener(lb, "TCP", 5432, tg);
            assertThat(health(tg).state()).isEqualTo("initial");
            assertThat(health(tg).reason()).isEqualTo("Elb.RegistrationInProgress");
            List<String> seen = new ArrayList<>();
            await("healthy").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> {
                TargetHealth h = health(tg);
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(h.state() + "/" + h.reason())) {
                    seen.add(h.state() + "/" + h.reason());
                }
                return h.state().equals("healthy");
            });
            assertThat(seen).containsSubsequence("initial/Elb.RegistrationInProgress",
                    "initial/Elb.InitialHealthChecking", "healthy/null");
            assertThat(health(tg).description()).isNull();
            // the configured values are reported, not the sandbox's interval
            assertThat(elb.targetGroup(tg).healthCheck().intervalSeconds()).isEqualTo(10);
            assertThat(elb.targetGroup(tg).loadBalancerArns()).containsExactly(lb);
        }
    }

    @Test
    void aTargetGroupServesOneLoadBalancerAndAListenerPortOneGroup() {
        String tg = group("tg-one", null);
        String other = group("tg-other", null);
        String a = activeNlb("nlb-a", 1);
        String b = activeNlb("nlb-b", 1);
        elb.createListener(a, "TCP", 5432, tg);
        assertThat(elb.createListener(a, "TCP", 5432, tg).arn()).as("same settings: the same listener")
                .isEqualTo(elb.describeListeners(a, List.of()).get(0).arn());
        assertThat(code(() -> elb.createListener(b, "TCP", 5432, tg))).isEqualTo("TargetGroupAssociationLimit");
        assertThat(code(() -> elb.createListener(a, "TCP", 5432, other))).isEqualTo("DuplicateListener");
        assertThat(code(() -> elb.createListener(a, "UDP", 53, tg))).isEqualTo("UnsupportedProtocol");
        assertThat(code(() -> elb.createListener(a, "TCP", 0, tg))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.describeListeners(null, List.of()))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.describeListeners(a, List.of("arn:nope")))).isEqualTo("ListenerNotFound");
    }

    @Test
    void loadBalancerInputIsCheckedAsAwsChecksIt() {
        String s0 = subnets.get(0).id();
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("nlb-x", List.of(), "internal",
                "network", List.of(), null)))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("nlb-x", List.of(s0), "internal",
                "application", List.of(), null)))).isEqualTo("InvalidConfigurationRequest");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("nlb-x", List.of(s0), "internal",
                null, List.of(), null)))).as("the default type is application").isEqualTo("InvalidConfigurationRequest");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("nlb-x", List.of(s0), "private",
                "network", List.of(), null)))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("internal-x", List.of(s0), "internal",
                "network", List.of(), null)))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("nlb-x", List.of(s0), "internal",
                "network", List.of("sg-00000000000000000"), null)))).isEqualTo("InvalidSecurityGroup");
        assertThat(code(() -> elb.createLoadBalancer(new LoadBalancerSpec("a".repeat(33), List.of(s0), "internal",
                "network", List.of(), null)))).isEqualTo("ValidationError");
        assertThat(elb.describeLoadBalancers(List.of(), List.of())).isEmpty();
    }

    @Test
    void privateIpsComeFromEachSubnetAndGoBackOnDelete() {
        String arn = activeNlb("nlb-ips", 3);
        List<Elbv2Backend.ZoneAddress> zones = elb.loadBalancer(arn).zones();
        assertThat(zones).extracting(Elbv2Backend.ZoneAddress::privateIp)
                .containsExactly("127.31.0.4", "127.31.16.4", "127.31.32.4");
        assertThat(zones).extracting(Elbv2Backend.ZoneAddress::zone)
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        elb.deleteLoadBalancer(arn);
        assertThat(code(() -> elb.loadBalancer(arn))).isEqualTo("LoadBalancerNotFound");
        // the released addresses are free again (handed out last, after the subnet's other free ones)
        assertThat(ec2.allocatePrivateIp(subnets.get(0).id())).isEqualTo("127.31.0.5");
    }

    @Test
    void targetsOutsideTheVpcAreCheckedAndDeregisteringUnknownOnesIsHarmless() {
        String tg = group("tg-check", null);
        assertThat(code(() -> elb.registerTargets(tg, List.of()))).isEqualTo("ValidationError");
        assertThat(code(() -> elb.registerTargets(tg, List.of(new Target("256.1.1.1", 0, null)))))
                .isEqualTo("InvalidTarget");
        assertThat(code(() -> elb.registerTargets(tg, List.of(new Target("127.31.0.9/32", 0, null)))))
                .isEqualTo("InvalidTarget");
        assertThat(code(() -> elb.registerTargets(tg, List.of(new Target("127.31.0.9", 0, "us-east-1b")))))
                .isEqualTo("ValidationError");
        elb.registerTargets(tg, List.of(new Target("10.0.0.5", 0, "all"), new Target("127.0.0.1", 6000, null)));
        assertThat(elb.describeTargetHealth(tg, List.of())).extracting(h -> h.target().id() + ":" + h.target().port())
                .containsExactly("10.0.0.5:5432", "127.0.0.1:6000");
        elb.deregisterTargets(tg, List.of(new Target("127.31.0.99", 0, null)));
        elb.deregisterTargets(tg, List.of(new Target("127.0.0.1", 6000, null)));
        assertThat(elb.describeTargetHealth(tg, List.of())).hasSize(1);
    }

    @Test
    void attributesAreAllOrNothing() {
        String tg = group("tg-attrs", null);
        assertThat(code(() -> elb.modifyTargetGroupAttributes(tg, Map.of("preserve_client_ip.enabled", "true",
                "deregistration_delay.timeout_seconds", "99999")))).isEqualTo("ValidationError");
        assertThat(elb.targetGroupAttributes(tg)).containsEntry("preserve_client_ip.enabled", "false");
        assertThat(elb.modifyTargetGroupAttributes(tg, Map.of("deregistration_delay.timeout_seconds", "0")))
                .containsEntry("deregistration_delay.timeout_seconds", "0");
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (AwsException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }
}
