package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Errors400.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AllowedPrincipal;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.ServiceState;
import software.amazon.awssdk.services.ec2.model.State;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;

/**
 * VPC endpoint services through the real SDK, walking guide section B's PrivateLink tab: the admin creates the
 * service over an NLB, Materialize's principal is allowed, Materialize's account asks for an endpoint (the consumer
 * API), and the admin accepts it. Also: camelCase endpoint states the SDK enum cannot read, partial success, errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2EndpointServicesTest {

    private static final String MZ_ROLE = "arn:aws:iam::664411391173:role/mz_0a1b2c3d_u1";
    private AwsEmulator aws;
    private Ec2Client ec2;
    private Ec2Backend backend;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() {
        aws = AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2)));
        ec2 = aws.ec2Client();
        backend = aws.ec2Backend();
        backend.addEndpointConnectionListener((e, previous) -> events.add(e.id() + " " + previous + "->" + e.state()));
    }

    @AfterAll
    void stop() {
        ec2.close();
        aws.close();
    }

    private static String nlb(String name) {
        return "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/" + name + "/f48140c6a1398f46";
    }

    private ServiceConfiguration availableService(boolean acceptanceRequired) {
        ServiceConfiguration created = ec2.createVpcEndpointServiceConfiguration(r -> r
                .networkLoadBalancerArns(nlb("mz-rds-nlb")).acceptanceRequired(acceptanceRequired))
                .serviceConfiguration();
        return await().atMost(Duration.ofSeconds(5)).until(() -> describe(created.serviceId()),
                s -> s.serviceState() == ServiceState.AVAILABLE);
    }

    private ServiceConfiguration describe(String serviceId) {
        return ec2.describeVpcEndpointServiceConfigurations(r -> r.serviceIds(serviceId)).serviceConfigurations()
                .get(0);
    }

    private List<VpcEndpointConnection> connections(String serviceId) {
        return ec2.describeVpcEndpointConnections(r -> r.filters(Filter.builder().name("service-id")
                .values(serviceId).build())).vpcEndpointConnections();
    }

    private void allow(String serviceId, String principal) {
        ec2.modifyVpcEndpointServicePermissions(r -> r.serviceId(serviceId).addAllowedPrincipals(principal));
    }

    @Test
    void theGuidesPrivateLinkStepsEndWithAnAvailableConnection() {
        ServiceConfiguration created = ec2.createVpcEndpointServiceConfiguration(r -> r
                .networkLoadBalancerArns(nlb("mz-rds-nlb")).acceptanceRequired(true)
                .tagSpecifications(t -> t.resourceType("vpc-endpoint-service").tags(g -> g.key("Name").value("mz"))))
                .serviceConfiguration();
        assertThat(created.serviceId()).matches("vpce-svc-[0-9a-f]{17}");
        assertThat(created.serviceName()).isEqualTo("com.amazonaws.vpce.us-east-1." + created.serviceId());
        assertThat(created.serviceState()).isEqualTo(ServiceState.PENDING);
        assertThat(created.availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(created.availabilityZoneIds()).containsExactly("use1-az1", "use1-az2", "use1-az3");
        assertThat(created.baseEndpointDnsNames())
                .containsExactly(created.serviceId() + ".us-east-1.vpce.amazonaws.com");
        assertThat(created.networkLoadBalancerArns()).containsExactly(nlb("mz-rds-nlb"));
        assertThat(created.acceptanceRequired()).isTrue();
        assertThat(created.serviceType()).singleElement()
                .satisfies(t -> assertThat(t.serviceTypeAsString()).isEqualTo("Interface"));
        assertThat(created.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("mz"));
        String id = created.serviceId();
        await().atMost(Duration.ofSeconds(5)).until(() -> describe(id).serviceState() == ServiceState.AVAILABLE);

        // Materialize cannot see the service until its principal is allowed
        assertThatThrownBy(() -> backend.requestEndpoint(created.serviceName(), MZ_ROLE, List.of("use1-az1")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidServiceName");
                    assertThat(e.getMessage()).isEqualTo("The Vpc Endpoint Service '" + created.serviceName()
                            + "' does not exist");
                });
        var added = ec2.modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals(MZ_ROLE));
        assertThat(added.returnValue()).isTrue();
        assertThat(added.addedPrincipals()).singleElement().satisfies(p -> {
            assertThat(p.principal()).isEqualTo(MZ_ROLE);
            assertThat(p.principalTypeAsString()).isEqualTo("Role");
            assertThat(p.servicePermissionId()).startsWith("vpce-svc-perm-");
        });
        assertThat(ec2.describeVpcEndpointServicePermissions(r -> r.serviceId(id)).allowedPrincipals())
                .extracting(AllowedPrincipal::principal).containsExactly(MZ_ROLE);

        EndpointServices.Endpoint endpoint = backend.requestEndpoint(created.serviceName(), MZ_ROLE,
                List.of("use1-az1", "use1-az2"));
        assertThat(endpoint.id()).matches("vpce-[0-9a-f]{17}");
        assertThat(endpoint.state()).isEqualTo("pendingAcceptance");
        assertThat(endpoint.ownerAccount()).isEqualTo("664411391173");

        VpcEndpointConnection pending = connections(id).get(0);
        assertThat(pending.vpcEndpointId()).isEqualTo(endpoint.id());
        assertThat(pending.vpcEndpointOwner()).isEqualTo("664411391173");
        // camelCase on the wire, as AWS sends it: the SDK's PascalCase enum cannot map it
        assertThat(pending.vpcEndpointStateAsString()).isEqualTo("pendingAcceptance");
        assertThat(pending.vpcEndpointState()).isEqualTo(State.UNKNOWN_TO_SDK_VERSION);
        assertThat(pending.networkLoadBalancerArns()).containsExactly(nlb("mz-rds-nlb"));
        assertThat(pending.vpcEndpointConnectionId()).startsWith("vpce-con-");
        assertThat(pending.creationTimestamp()).isNotNull();

        assertThat(ec2.acceptVpcEndpointConnections(r -> r.serviceId(id).vpcEndpointIds(endpoint.id()))
                .unsuccessful()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> connections(id).get(0).vpcEndpointStateAsString()
                .equals("available"));
        assertThat(backend.endpoint(endpoint.id())).get().satisfies(e -> {
            assertThat(e.state()).isEqualTo("available");
            assertThat(e.zoneIds()).containsExactly("use1-az1", "use1-az2");
            assertThat(e.serviceName()).isEqualTo(created.serviceName());
        });
        assertThat(events).containsSubsequence(endpoint.id() + " null->pendingAcceptance",
                endpoint.id() + " pendingAcceptance->pending", endpoint.id() + " pending->available");

        // removing the principal later does not drop the accepted connection
        ec2.modifyVpcEndpointServicePermissions(r -> r.serviceId(id).removeAllowedPrincipals(MZ_ROLE));
        assertThat(ec2.describeVpcEndpointServicePermissions(r -> r.serviceId(id)).allowedPrincipals()).isEmpty();
        assertThat(backend.endpoint(endpoint.id()).orElseThrow().state()).isEqualTo("available");
    }

    @Test
    void withoutAcceptanceTheEndpointBecomesAvailableByItself() {
        ServiceConfiguration s = availableService(false);
        allow(s.serviceId(), "arn:aws:iam::664411391173:root");
        EndpointServices.Endpoint e = backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of());
        assertThat(e.state()).isEqualTo("pending");
        assertThat(e.zoneIds()).containsExactly("use1-az1", "use1-az2", "use1-az3");
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.endpoint(e.id()).orElseThrow().state()
                .equals("available"));
    }

    @Test
    void aStarOpensTheServiceToEveryone() {
        ServiceConfiguration s = availableService(true);
        allow(s.serviceId(), "*");
        assertThat(ec2.describeVpcEndpointServicePermissions(r -> r.serviceId(s.serviceId())).allowedPrincipals())
                .singleElement().satisfies(p -> assertThat(p.principalTypeAsString()).isEqualTo("All"));
        assertThat(backend.requestEndpoint(s.serviceName(), "arn:aws:iam::111122223333:user/someone", List.of())
                .ownerAccount()).isEqualTo("111122223333");
    }

    @Test
    void acceptAndRejectReportWhatTheyCouldNotDoWithStatus200() {
        ServiceConfiguration s = availableService(true);
        allow(s.serviceId(), MZ_ROLE);
        String first = backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of()).id();
        String second = backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of()).id();

        List<UnsuccessfulItem> failed = ec2.acceptVpcEndpointConnections(r -> r.serviceId(s.serviceId())
                .vpcEndpointIds(first, "vpce-0000000000000000a")).unsuccessful();
        assertThat(failed).singleElement().satisfies(u -> {
            assertThat(u.resourceId()).isEqualTo("vpce-0000000000000000a");
            assertThat(u.error().code()).isEqualTo("InvalidVpcEndpointId.NotFound");
        });
        assertThat(ec2.rejectVpcEndpointConnections(r -> r.serviceId(s.serviceId()).vpcEndpointIds(second))
                .unsuccessful()).isEmpty();
        assertThat(ec2.describeVpcEndpointConnections(r -> r.filters(
                Filter.builder().name("service-id").values(s.serviceId()).build(),
                Filter.builder().name("vpc-endpoint-state").values("rejected").build())).vpcEndpointConnections())
                .singleElement().satisfies(c -> assertThat(c.vpcEndpointId()).isEqualTo(second));
        assertThat(ec2.acceptVpcEndpointConnections(r -> r.serviceId(s.serviceId()).vpcEndpointIds(second))
                .unsuccessful()).singleElement().satisfies(u -> assertThat(u.error().code()).isEqualTo("InvalidState"));
        assertThat(ec2.describeVpcEndpointConnections(r -> r.filters(
                Filter.builder().name("vpc-endpoint-id").values(first).build(),
                Filter.builder().name("vpc-endpoint-owner").values("664411391173").build())).vpcEndpointConnections())
                .singleElement().satisfies(c -> assertThat(c.vpcEndpointStateAsString()).isIn("pending",
                        "available"));
    }

    @Test
    void aServiceWithConnectionsIsNotDeleted() {
        ServiceConfiguration s = availableService(false);
        allow(s.serviceId(), MZ_ROLE);
        String endpoint = backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of()).id();
        List<UnsuccessfulItem> failed = ec2.deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(s.serviceId()))
                .unsuccessful();
        assertThat(failed).singleElement().satisfies(u -> {
            assertThat(u.resourceId()).isEqualTo(s.serviceId());
            assertThat(u.error().code()).isEqualTo("ExistingVpcEndpointConnections");
        });
        backend.deleteEndpoint(endpoint);
        assertThat(backend.endpoint(endpoint)).isEqualTo(Optional.empty());
        assertThat(events).anyMatch(e -> e.startsWith(endpoint + " ") && e.endsWith("->deleted"));
        assertThat(ec2.deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(s.serviceId())).unsuccessful())
                .isEmpty();
        assertEc2Error(() -> describe(s.serviceId()), "InvalidVpcEndpointServiceId.NotFound",
                "The VpcEndpointService Id '" + s.serviceId() + "' does not exist");
    }

    @Test
    void acceptanceRequiredCanBeTurnedOff() {
        ServiceConfiguration s = availableService(true);
        ec2.modifyVpcEndpointServiceConfiguration(r -> r.serviceId(s.serviceId()).acceptanceRequired(false));
        assertThat(describe(s.serviceId()).acceptanceRequired()).isFalse();
        allow(s.serviceId(), MZ_ROLE);
        assertThat(backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of()).state()).isEqualTo("pending");
    }

    @Test
    void describeFiltersServicesByNameAndState() {
        ServiceConfiguration s = availableService(true);
        assertThat(ec2.describeVpcEndpointServiceConfigurations(r -> r.filters(
                Filter.builder().name("service-name").values(s.serviceName()).build(),
                Filter.builder().name("service-state").values("Available").build())).serviceConfigurations())
                .extracting(ServiceConfiguration::serviceId).containsExactly(s.serviceId());
        assertEc2Error(() -> ec2.describeVpcEndpointServiceConfigurations(r -> r.filters(
                Filter.builder().name("vpc-id").values("x").build())), "InvalidParameterValue",
                "The filter 'vpc-id' is invalid");
    }

    @Test
    void badInputGetsAwsErrors() {
        assertEc2Error(() -> ec2.createVpcEndpointServiceConfiguration(r -> r.acceptanceRequired(true)),
                "InvalidParameter",
                "exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member");
        assertEc2Error(() -> ec2.createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/f48140c6a1398f46")),
                "InvalidParameter", "Invalid load balancer ARN: "
                        + "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/f48140c6a1398f46");
        assertEc2Error(() -> ec2.describeVpcEndpointServiceConfigurations(r -> r.serviceIds("vpce-svc-0")),
                "InvalidVpcEndpointServiceId.NotFound", "The VpcEndpointService Id 'vpce-svc-0' does not exist");
        assertEc2Error(() -> ec2.acceptVpcEndpointConnections(r -> r.serviceId("vpce-svc-0")
                .vpcEndpointIds("vpce-0000000000000000a")),
                "InvalidVpcEndpointServiceId.NotFound", "The VpcEndpointService Id 'vpce-svc-0' does not exist");
        ServiceConfiguration s = availableService(true);
        String withPath = "arn:aws:iam::664411391173:role/team/mz";
        assertEc2Error(() -> allow(s.serviceId(), withPath), "InvalidPrincipal",
                "Invalid Principal: '" + withPath + "'");
        assertEc2Error(() -> ec2.modifyVpcEndpointServicePermissions(r -> r.serviceId(s.serviceId())
                .addAllowedPrincipals(MZ_ROLE, "not-an-arn")), "InvalidPrincipal", "Invalid Principal: 'not-an-arn'");
        assertThat(ec2.describeVpcEndpointServicePermissions(r -> r.serviceId(s.serviceId())).allowedPrincipals())
                .as("nothing is added when one principal is refused").isEmpty();
        assertEc2Error(() -> ec2.describeVpcEndpointConnections(r -> r.filters(
                Filter.builder().name("state").values("x").build())), "InvalidParameterValue",
                "The filter 'state' is invalid");
        assertEc2Error(() -> ec2.acceptVpcEndpointConnections(r -> r.serviceId(s.serviceId())),
                "MissingParameter", "The request must contain the parameter VpcEndpointId");
    }

    @Test
    void theConsumerMayUseOnlyTheServicesZones() {
        ServiceConfiguration s = availableService(true);
        allow(s.serviceId(), MZ_ROLE);
        assertThatThrownBy(() -> backend.requestEndpoint(s.serviceName(), MZ_ROLE, List.of("use1-az1", "use1-az6")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameter");
                    assertThat(e.getMessage()).contains("use1-az6");
                });
        assertThatThrownBy(() -> backend.requestEndpoint(s.serviceName(), "664411391173", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
