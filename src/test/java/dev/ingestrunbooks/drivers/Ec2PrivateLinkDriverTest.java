package dev.ingestrunbooks.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver's PrivateLink methods against the emulator, in the guide's order: endpoint service for the NLB, allow
 * Materialize's principal, see the pending connection, accept it, wait for {@code available}; every change passes
 * the guard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2PrivateLinkDriverTest {

    private static final String NLB =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mz-rds-nlb/f48140c6a1398f46";
    private static final String MZ_ROLE = "arn:aws:iam::664411391173:role/mz_0a1b2c3d_u1";
    private final List<String> checked = java.util.Collections.synchronizedList(new ArrayList<>());
    private AwsEmulator aws;
    private AwsControlPlane driver;
    private software.amazon.awssdk.services.ec2.Ec2Client ec2;

    @BeforeAll
    void start() {
        aws = AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2)));
        ec2 = aws.ec2Client();
        driver = new AwsControlPlane(aws.rdsClient(), ec2, checked::add, Duration.ofMillis(50));
    }

    @AfterAll
    void stop() {
        ec2.close();
        aws.close();
    }

    @Test
    void theAdminAcceptsMaterializesEndpoint() {
        checked.clear();
        String serviceId = driver.createEndpointServiceAndAwait(NLB, true, Duration.ofSeconds(5));
        String name = driver.endpointServiceName(serviceId);
        assertThat(name).isEqualTo("com.amazonaws.vpce.us-east-1." + serviceId);
        driver.allowEndpointServicePrincipal(serviceId, MZ_ROLE);
        assertThat(driver.endpointServicePrincipals(serviceId)).containsExactly(MZ_ROLE);

        String vpce = aws.ec2Backend().requestEndpoint(name, MZ_ROLE, List.of("use1-az1")).id();
        assertThat(driver.endpointConnections(serviceId)).containsExactly(
                new AwsControlPlane.EndpointConnection(vpce, "664411391173", "pendingAcceptance"));
        driver.acceptEndpointConnection(serviceId, vpce);
        assertThat(driver.awaitEndpointConnectionState(serviceId, vpce, "available", Duration.ofSeconds(5)).state())
                .isEqualTo("available");
        assertThatThrownBy(() -> driver.acceptEndpointConnection(serviceId, vpce))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("InvalidState");
        driver.rejectEndpointConnection(serviceId, vpce);
        assertThat(driver.endpointConnections(serviceId).get(0).state()).isEqualTo("rejected");
        assertThat(checked).hasSize(5).allSatisfy(c -> assertThat(c).isNotBlank());
        assertThat(checked.get(0)).contains(NLB).contains("acceptance required");
    }

    @Test
    void waitingForAStateThatNeverComesSaysWhereItIs() {
        String serviceId = driver.createEndpointServiceAndAwait(NLB, true, Duration.ofSeconds(5));
        driver.allowEndpointServicePrincipal(serviceId, "*");
        String vpce = aws.ec2Backend().requestEndpoint(driver.endpointServiceName(serviceId), MZ_ROLE, List.of())
                .id();
        assertThatThrownBy(() -> driver.awaitEndpointConnectionState(serviceId, vpce, "available",
                Duration.ofMillis(300))).isInstanceOf(AssertionError.class).hasMessageContaining("pendingAcceptance");
    }
}
