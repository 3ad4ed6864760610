package dev.ingestrunbooks.sandbox.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;

/**
 * The ELBv2 control plane through the real SDK: shapes, defaults, states and AWS's error codes for what the
 * PrivateLink tab walks (target group, targets, network load balancer, listener, attributes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Elbv2ApiTest {

    private AwsEmulator aws;
    private ElasticLoadBalancingV2Client elb;
    private String vpc;
    private List<Ec2Backend.Subnet> subnets;

    @BeforeAll
    void start() {
        aws = AwsEmulator.start();
        elb = aws.elbv2Client();
        vpc = aws.ec2Backend().defaultVpc().id();
        subnets = aws.ec2Backend().subnets();
    }

    @AfterAll
    void stop() {
        elb.close();
        aws.close();
    }

    private TargetGroup ipGroup(String name) {
        return elb.createTargetGroup(r -> r.name(name).targetType("ip").protocol("TCP").port(5432).vpcId(vpc))
                .targetGroups().get(0);
    }

    @Test
    void aTargetGroupReportsAwsDefaultsForTcpAndIsIdempotentByName() {
        TargetGroup g = ipGroup("tg-defaults");
        assertThat(g.targetGroupArn()).matches("arn:aws:elasticloadbalancing:us-east-1:\\d{12}:targetgroup/"
                + "tg-defaults/[0-9a-f]{16}");
        assertThat(g.targetTypeAsString()).isEqualTo("ip");
        assertThat(g.protocolAsString()).isEqualTo("TCP");
        assertThat(g.healthCheckProtocolAsString()).isEqualTo("TCP");
        assertThat(g.healthCheckPort()).isEqualTo("traffic-port");
        assertThat(g.healthCheckIntervalSeconds()).isEqualTo(30);
        assertThat(g.healthCheckTimeoutSeconds()).isEqualTo(10);
        assertThat(g.healthyThresholdCount()).isEqualTo(5);
        assertThat(g.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(g.loadBalancerArns()).isEmpty();
        assertThat(ipGroup("tg-defaults").targetGroupArn()).isEqualTo(g.targetGroupArn());
        assertThat(elb.describeTargetGroups(r -> r.names("tg-defaults")).targetGroups()).hasSize(1);

        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("tg-defaults").targetType("ip").protocol("TCP")
                .port(6432).vpcId(vpc))).isInstanceOf(DuplicateTargetGroupNameException.class)
                .hasMessageContaining("A target group with the same name 'tg-defaults' exists");
    }

    @Test
    void badTargetGroupInputIsAValidationErrorNeverACrash() {
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("tg-bad").targetType("ip").protocol("TCP")
                .port(70000).vpcId(vpc))).isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("-tg").targetType("ip").protocol("TCP")
                .port(5432).vpcId(vpc))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("tg-novpc").targetType("ip").protocol("TCP")
                .port(5432).vpcId("vpc-0000000000000000"))).hasMessageContaining("The VPC ID");
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("tg-interval").targetType("ip").protocol("TCP")
                .port(5432).vpcId(vpc).healthCheckIntervalSeconds(1)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.describeTargetHealth(r -> r.targetGroupArn(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef")))
                .isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> elb.registerTargets(r -> r.targetGroupArn(ipGroup("tg-port").targetGroupArn())
                .targets(t -> t.id("127.31.0.9").port(0))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.describeLoadBalancers(r -> r.pageSize(1000)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.describeLoadBalancers(r -> r.marker("not-ours")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThat(aws.actions()).contains("elasticloadbalancing:CreateTargetGroup");
    }

    @Test
    void targetsMustBePrivateIpv4AddressesAndAreUnusedUntilAListenerUsesTheGroup() {
        String tg = ipGroup("tg-targets").targetGroupArn();
        assertThatThrownBy(() -> elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("8.8.8.8"))))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("i-0123456789"))))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("10.1.2.3"))))
                .hasMessageContaining("The Availability Zone is required for IP address '10.1.2.3'");

        elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.31.0.200")));
        TargetHealth h = elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0)
                .targetHealth();
        assertThat(h.stateAsString()).isEqualTo("unused");
        assertThat(h.reasonAsString()).isEqualTo("Target.NotInUse");
        assertThat(h.description()).isEqualTo(
                "Target group is not configured to receive traffic from the load balancer");
        var row = elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0);
        assertThat(row.target().port()).isEqualTo(5432);
        assertThat(row.target().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(row.healthCheckPort()).isEqualTo("5432");

        TargetHealth other = elb.describeTargetHealth(r -> r.targetGroupArn(tg)
                .targets(TargetDescription.builder().id("127.31.0.201").port(5432).build()))
                .targetHealthDescriptions().get(0).targetHealth();
        assertThat(other.stateAsString()).isEqualTo("unused");
        assertThat(other.reasonAsString()).isEqualTo("Target.NotRegistered");

        elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.31.0.200")));
        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions()).isEmpty();
    }

    @Test
    void aNetworkLoadBalancerProvisionsThenIsActiveWithOnePrivateIpPerSubnet() {
        LoadBalancer lb = elb.createLoadBalancer(r -> r.name("nlb-api").type("network").scheme("internal")
                .subnets(subnets.get(0).id(), subnets.get(1).id())).loadBalancers().get(0);
        assertThat(lb.loadBalancerArn()).matches("arn:aws:elasticloadbalancing:us-east-1:\\d{12}:loadbalancer/net/"
                + "nlb-api/[0-9a-f]{16}");
        assertThat(lb.typeAsString()).isEqualTo("network");
        assertThat(lb.state().codeAsString()).isEqualTo("provisioning");
        assertThat(lb.dnsName()).startsWith("nlb-api-").endsWith(".elb.us-east-1.amazonaws.com");
        assertThat(lb.vpcId()).isEqualTo(vpc);
        assertThat(lb.availabilityZones()).extracting(z -> z.zoneName()).containsExactly("us-east-1a", "us-east-1b");
        String ipA = lb.availabilityZones().get(0).loadBalancerAddresses().get(0).privateIPv4Address();
        String ipB = lb.availabilityZones().get(1).loadBalancerAddresses().get(0).privateIPv4Address();
        assertThat(ipA).startsWith("127.31.");
        assertThat(dev.ingestrunbooks.net.Ipv4Cidr.contains(subnets.get(1).cidr(), ipB)).isTrue();

        Awaitility.await("NLB active").atMost(Duration.ofSeconds(5)).until(() -> elb.describeLoadBalancers(
                r -> r.loadBalancerArns(lb.loadBalancerArn())).loadBalancers().get(0).state().codeAsString(),
                "active"::equals);
        assertThat(elb.createLoadBalancer(r -> r.name("nlb-api").type("network").scheme("internal")
                .subnets(subnets.get(0).id(), subnets.get(1).id())).loadBalancers().get(0).loadBalancerArn())
                .isEqualTo(lb.loadBalancerArn());
        assertThatThrownBy(() -> elb.createLoadBalancer(r -> r.name("nlb-api").type("network")
                .subnets(subnets.get(2).id()))).isInstanceOf(DuplicateLoadBalancerNameException.class);
        assertThatThrownBy(() -> elb.createLoadBalancer(r -> r.name("nlb-nosubnet").type("network")
                .subnets("subnet-00000000000000000"))).isInstanceOf(SubnetNotFoundException.class);
        assertThatThrownBy(() -> elb.describeLoadBalancers(r -> r.names("nope")))
                .isInstanceOf(LoadBalancerNotFoundException.class).hasMessageContaining("Load balancers '[nope]'");

        elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        assertThat(elb.describeLoadBalancers().loadBalancers()).noneMatch(l -> l.loadBalancerName().equals("nlb-api"));
    }

    @Test
    void aListenerForwardsToItsGroupWhichThenCannotBeDeleted() {
        String tg = ipGroup("tg-listener").targetGroupArn();
        String lb = elb.createLoadBalancer(r -> r.name("nlb-listener").type("network").scheme("internal")
                .subnets(subnets.get(0).id())).loadBalancers().get(0).loadBalancerArn();
        Listener l = elb.createListener(r -> r.loadBalancerArn(lb).protocol("TCP").port(5432).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build())).listeners().get(0);
        assertThat(l.listenerArn()).contains(":listener/net/nlb-listener/");
        assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg);
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners()).extracting(Listener::port)
                .containsExactly(5432);
        assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(tg)).targetGroups().get(0).loadBalancerArns())
                .containsExactly(lb);
        assertThatThrownBy(() -> elb.deleteTargetGroup(r -> r.targetGroupArn(tg)))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("UnsupportedProtocol"));
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb));
        elb.deleteTargetGroup(r -> r.targetGroupArn(tg));
        assertThatThrownBy(() -> elb.describeTargetGroups(r -> r.targetGroupArns(tg)))
                .isInstanceOf(TargetGroupNotFoundException.class);
    }

    @Test
    void describeCallsPageWithMarkerAndPageSize() {
        for (int i = 0; i < 3; i++) {
            ipGroup("tg-page-" + i);
        }
        var first = elb.describeTargetGroups(r -> r.pageSize(2));
        assertThat(first.targetGroups()).hasSize(2);
        assertThat(first.nextMarker()).isNotNull();
        var rest = elb.describeTargetGroups(r -> r.pageSize(400).marker(first.nextMarker()));
        assertThat(rest.nextMarker()).isNull();
        assertThat(first.targetGroups().size() + rest.targetGroups().size())
                .isEqualTo(elb.describeTargetGroups().targetGroups().size());
        assertThat(elb.describeTargetGroupsPaginator(r -> r.pageSize(1)).targetGroups().stream().count())
                .isEqualTo(elb.describeTargetGroups().targetGroups().size());
    }

    @Test
    void clientIpPreservationIsOffByDefaultForIpTargetsAndCanBeModified() {
        String tg = ipGroup("tg-attributes").targetGroupArn();
        assertThat(attributes(tg)).containsEntry("preserve_client_ip.enabled", "false")
                .containsEntry("deregistration_delay.timeout_seconds", "300");
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("preserve_client_ip.enabled").value("true").build()));
        assertThat(attributes(tg)).containsEntry("preserve_client_ip.enabled", "true");
        assertThatThrownBy(() -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                TargetGroupAttribute.builder().key("preserve_client_ip.enabled").value("yes").build())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                TargetGroupAttribute.builder().key("no.such.key").value("1").build())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
    }

    @Test
    void malformedRequestsGetA400NeverA500() throws Exception {
        String tg = ipGroup("tg-fuzz").targetGroupArn();
        List<String> bodies = List.of("Action=CreateLoadBalancer", "Action=CreateLoadBalancer&Type=network",
                "Action=CreateLoadBalancer&Name=x&Type=network&Subnets.member.1=",
                "Action=CreateListener", "Action=CreateListener&LoadBalancerArn=arn",
                "Action=CreateTargetGroup", "Action=CreateTargetGroup&Name=t&TargetType=ip&Port=x",
                "Action=CreateTargetGroup&Name=t&TargetType=ip&Protocol=TCP&Port=1&VpcId=" + vpc
                        + "&HealthCheckPort=abc",
                "Action=RegisterTargets&TargetGroupArn=" + tg + "&Targets.member.1.Port=5432",
                "Action=RegisterTargets&TargetGroupArn=" + tg + "&Targets.member.1.Id=1.2.3.4&Targets.member.1.Port=x",
                "Action=DescribeTargetHealth", "Action=DescribeTargetHealth&TargetGroupArn=" + tg
                        + "&Targets.member.1.Id=%25%25",
                "Action=ModifyTargetGroupAttributes&TargetGroupArn=" + tg + "&Attributes.member.1.Value=1",
                "Action=DescribeListeners", "Action=DeleteListener&ListenerArn=x", "Action=NoSuchAction");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String body : bodies) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(aws.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body + "&Version=2015-12-01")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.body()).as(body).contains("<ErrorResponse")
                    .contains("elasticloadbalancing.amazonaws.com/doc/2015-12-01/");
        }
    }

    private Map<String, String> attributes(String tg) {
        return elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg)).attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }

    private static String code(Throwable e) {
        return ((ElasticLoadBalancingV2Exception) e).awsErrorDetails().errorCode();
    }
}
