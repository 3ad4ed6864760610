package dev.ingestrunbooks.sandbox.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint-service model without HTTP: principal types, the load balancer directory, zones, deletion. */
class Ec2EndpointServicesModelTest {

    private static final String NLB =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mz-nlb/0123456789abcdef";
    private static final String ROLE = "arn:aws:iam::664411391173:role/mz_x";
    private Ec2Backend ec2;

    @BeforeEach
    void start() {
        ec2 = new Ec2Backend("us-east-1", new Ec2Backend.Timings(Duration.ofMillis(30), Duration.ofMillis(30),
                Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        ec2.close();
    }

    private EndpointServices.EndpointService available(boolean acceptance) {
        String id = ec2.createEndpointService(List.of(NLB), acceptance, Map.of()).id();
        return await().atMost(Duration.ofSeconds(5)).until(() -> ec2.endpointService(id),
                s -> s.state().equals("Available"));
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (AwsException e) {
            return e.code();
        }
        return "no error";
    }

    @Test
    void principalTypesAreAwss() {
        assertThat(EndpointServices.principalType("*")).isEqualTo("All");
        assertThat(EndpointServices.principalType("arn:aws:iam::664411391173:root")).isEqualTo("Account");
        assertThat(EndpointServices.principalType(ROLE)).isEqualTo("Role");
        assertThat(EndpointServices.principalType("arn:aws:iam::664411391173:user/alice")).isEqualTo("User");
        assertThat(EndpointServices.principalType("ec2.amazonaws.com")).isEqualTo("Service");
        assertThat(EndpointServices.principalType("arn:aws:organizations::123456789012:ou/o-abc123/ou-ab12-cd34"))
                .isEqualTo("OrganizationUnit");
        for (String bad : List.of("arn:aws:iam::664411391173:role/path/mz", "664411391173", "",
                "arn:aws:sts::664411391173:assumed-role/r/s", "arn:aws:iam::6644:root", "arn:aws:iam::664411391173:role/")) {
            assertThat(code(() -> EndpointServices.principalType(bad))).as(bad).isEqualTo("InvalidPrincipal");
        }
    }

    @Test
    void theDirectoryDecidesWhichLoadBalancersExistAndTheirZones() {
        ec2.setLoadBalancerDirectory(arn -> arn.equals(NLB) ? Optional.of(List.of("us-east-1b")) : Optional.empty());
        EndpointServices.EndpointService s = ec2.createEndpointService(List.of(NLB), true, Map.of());
        assertThat(s.zoneNames()).containsExactly("us-east-1b");
        assertThat(s.zoneIds()).containsExactly("use1-az2");
        String other = NLB.replace("mz-nlb", "other");
        assertThatThrownBy(() -> ec2.createEndpointService(List.of(other), true, Map.of()))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameter");
                    assertThat(e.getMessage()).isEqualTo("Load balancer " + other + " does not exist.");
                });
        ec2.setLoadBalancerDirectory(arn -> {
            throw new IllegalStateException("directory down");
        });
        assertThat(code(() -> ec2.createEndpointService(List.of(NLB), true, Map.of()))).isEqualTo("InvalidParameter");
    }

    @Test
    void withoutADirectoryAnNlbOfAnotherRegionDoesNotExist() {
        assertThat(code(() -> ec2.createEndpointService(List.of(NLB.replace("us-east-1", "eu-west-1")), true,
                Map.of()))).isEqualTo("InvalidParameter");
        assertThat(code(() -> ec2.createEndpointService(List.of("nonsense"), true, Map.of())))
                .isEqualTo("InvalidParameter");
        assertThat(ec2.endpointServices()).isEmpty();
    }

    @Test
    void aPendingServiceCannotBeConnectedTo() {
        EndpointServices.EndpointService s = ec2.createEndpointService(List.of(NLB), true, Map.of());
        ec2.modifyEndpointServicePermissions(s.id(), List.of("*"), List.of());
        assertThat(code(() -> ec2.requestEndpoint(s.name(), ROLE, List.of()))).isEqualTo("InvalidServiceName");
    }

    @Test
    void anAccountRootAllowsEveryPrincipalOfThatAccountOnly() {
        EndpointServices.EndpointService s = available(true);
        ec2.modifyEndpointServicePermissions(s.id(), List.of("arn:aws:iam::664411391173:root"), List.of());
        assertThat(ec2.requestEndpoint(s.name(), ROLE, List.of()).state()).isEqualTo("pendingAcceptance");
        assertThat(code(() -> ec2.requestEndpoint(s.name(), "arn:aws:iam::111122223333:role/mz_x", List.of())))
                .isEqualTo("InvalidServiceName");
        assertThat(code(() -> ec2.requestEndpoint("com.amazonaws.vpce.us-east-1.vpce-svc-00000000000000000", ROLE,
                List.of()))).isEqualTo("InvalidServiceName");
    }

    @Test
    void addingAPrincipalTwiceKeepsOneEntry() {
        EndpointServices.EndpointService s = available(true);
        String first = ec2.modifyEndpointServicePermissions(s.id(), List.of(ROLE), List.of()).get(0).permissionId();
        String again = ec2.modifyEndpointServicePermissions(s.id(), List.of(ROLE), List.of()).get(0).permissionId();
        assertThat(again).isEqualTo(first);
        assertThat(ec2.endpointServicePermissions(s.id())).hasSize(1);
        ec2.modifyEndpointServicePermissions(s.id(), List.of(), List.of("arn:aws:iam::664411391173:user/nobody"));
        assertThat(ec2.endpointServicePermissions(s.id())).hasSize(1);
    }

    @Test
    void aServiceWithOnlyRejectedConnectionsIsDeletedWithThem() {
        EndpointServices.EndpointService s = available(true);
        ec2.modifyEndpointServicePermissions(s.id(), List.of(ROLE), List.of());
        String vpce = ec2.requestEndpoint(s.name(), ROLE, List.of()).id();
        assertThat(ec2.rejectEndpointConnections(s.id(), List.of(vpce))).isEmpty();
        assertThat(ec2.endpoint(vpce).orElseThrow().state()).isEqualTo("rejected");
        assertThat(ec2.deleteEndpointServices(List.of(s.id(), "vpce-svc-1"))).singleElement()
                .satisfies(u -> assertThat(u.code()).isEqualTo("InvalidVpcEndpointServiceId.NotFound"));
        assertThat(ec2.endpoint(vpce)).isEmpty();
        assertThat(ec2.endpointServices()).isEmpty();
    }

    @Test
    void anAcceptedConnectionCanStillBeRejected() {
        EndpointServices.EndpointService s = available(true);
        ec2.modifyEndpointServicePermissions(s.id(), List.of(ROLE), List.of());
        String vpce = ec2.requestEndpoint(s.name(), ROLE, List.of()).id();
        assertThat(ec2.acceptEndpointConnections(s.id(), List.of(vpce))).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> ec2.endpoint(vpce).orElseThrow().state(),
                "available"::equals);
        assertThat(ec2.endpoint(vpce).orElseThrow().dnsNames()).singleElement()
                .satisfies(n -> assertThat(n).startsWith(vpce + "-").endsWith(".vpce.amazonaws.com"));
        assertThat(ec2.rejectEndpointConnections(s.id(), List.of(vpce))).isEmpty();
        assertThat(ec2.endpoint(vpce).orElseThrow().state()).isEqualTo("rejected");
        assertThat(ec2.rejectEndpointConnections(s.id(), List.of(vpce))).singleElement()
                .satisfies(u -> assertThat(u.code()).isEqualTo("InvalidState"));
    }

    @Test
    void aListenerMayCallBackIntoTheBackend() {
        EndpointServices.EndpointService s = available(true);
        ec2.modifyEndpointServicePermissions(s.id(), List.of(ROLE), List.of());
        ec2.addEndpointConnectionListener((e, previous) -> {
            if (e.state().equals("pendingAcceptance")) {
                ec2.acceptEndpointConnections(e.serviceId(), List.of(e.id())); // an auto-accepting admin
            }
        });
        String vpce = ec2.requestEndpoint(s.name(), ROLE, List.of()).id();
        await().atMost(Duration.ofSeconds(5)).until(() -> ec2.endpoint(vpce).orElseThrow().state(),
                "available"::equals);
    }
}
