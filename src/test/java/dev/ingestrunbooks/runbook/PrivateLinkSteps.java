package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.RunbookFailure;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.target.TargetKind;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import static org.awaitility.Awaitility.await;

/**
 * Guide section B, tab "AWS PrivateLink": the database's IP in an {@code ip} target group, a network load balancer
 * with a TCP listener, the database's security group open to the load balancer's VPC CIDR, a VPC endpoint service,
 * healthy targets; then, once Materialize shows its principal, the principal allowed and Materialize's endpoint
 * connection accepted. The facts become the guide's placeholders ({@code <region_id>}, {@code <endpoint_service_id>},
 * {@code <availability_zone_ids>}).
 */
public final class PrivateLinkSteps {
    /** How long the sandbox's load balancer gets to report a target healthy (see awaitHealthy). */
    private static final Duration SANDBOX_PATIENCE = Duration.ofSeconds(4);

    private final RunbookWorld world;
    private String databaseIp;
    private int port;
    private String targetGroup;
    private String serviceId;

    public PrivateLinkSteps(RunbookWorld world) {
        this.world = world;
    }

    private AwsControlPlane aws() {
        return world.aws();
    }

    private String databaseGroup() {
        Database db = world.database();
        return aws().databaseSecurityGroups(db.identifier(), db.aurora()).get(0);
    }

    /** The guide: {@code dig +short <RDS_ENDPOINT>} (the address the endpoint resolves to now). */
    @When("the admin looks up the IP address the database's endpoint resolves to")
    public void lookUpDatabaseIp() throws UnknownHostException {
        databaseIp = InetAddress.getByName(world.database().endpoint().host()).getHostAddress();
        world.placeholders().put("RDS_IP", databaseIp);
        Evidence.text("dig +short " + world.database().endpoint().host(), databaseIp);
    }

    @When("the admin creates target group {string} of type ip for TCP port {string} in the database's VPC, with the database's IP address as its target")
    public void createTargetGroup(String name, String targetPort) {
        port = Integer.parseInt(world.placeholders().fill(targetPort));
        String vpc = aws().vpcOfGroup(databaseGroup());
        targetGroup = aws().createIpTargetGroup(name, port, vpc).targetGroupArn();
        aws().registerIpTarget(targetGroup, databaseIp, port);
    }

    /** In every subnet of the database's VPC, with the listener; the NLB's zone ids become the guide's zone list. */
    @When("the admin creates network load balancer {string} in the database's VPC subnets, with a TCP listener on port {string} forwarding to the target group")
    public void createLoadBalancer(String name, String listenerPort) {
        String vpc = aws().vpcOfGroup(databaseGroup());
        LoadBalancer nlb = aws().createNetworkLoadBalancerAndAwaitActive(name, aws().subnetIds(vpc), true,
                world.waitTimeout());
        aws().createTcpListener(nlb.loadBalancerArn(), Integer.parseInt(world.placeholders().fill(listenerPort)),
                targetGroup);
        List<String> zoneIds = aws().zoneIds(nlb.availabilityZones().stream().map(AvailabilityZone::zoneName)
                .toList());
        world.placeholders().put("availability_zone_ids", zoneIds.stream().map(z -> "'" + z + "'")
                .collect(Collectors.joining(", ")));
        world.placeholders().put("load_balancer_arn", nlb.loadBalancerArn());
    }

    /** The guide's easiest way when client IP preservation is off: an inbound rule for the NLB's VPC CIDR. */
    @When("the admin adds an inbound rule to the database's security group for the load balancer's VPC CIDR, on port {string}")
    public void allowLoadBalancerVpc(String dbPort) {
        String vpc = aws().vpcOfGroup(databaseGroup());
        aws().allowIngress(databaseGroup(), Integer.parseInt(world.placeholders().fill(dbPort)), aws().vpcCidr(vpc),
                "network load balancer (VPC CIDR)");
    }

    /** Acceptance required, as the guide's console flow leaves it; the service name splits into the guide's parts. */
    @When("the admin creates a VPC endpoint service for the load balancer, with acceptance required")
    public void createEndpointService() {
        serviceId = aws().createEndpointServiceAndAwait(world.placeholders().get("load_balancer_arn"), true,
                world.waitTimeout());
        String name = aws().endpointServiceName(serviceId);
        String[] parts = name.split("\\.");
        world.placeholders().put("region_id", parts[3]);
        world.placeholders().put("endpoint_service_id", parts[4].substring("vpce-svc-".length()));
        Evidence.text("endpoint service", serviceId + ": " + name);
    }

    @Then("the target group reports the database's IP address healthy")
    public void targetsHealthy() {
        awaitHealthy();
    }

    @When("the admin checks that the target group reports the database's IP address healthy")
    public void checkTargetsHealthy() {
        world.attempt(this::awaitHealthy);
    }

    /**
     * Waits until the target is {@code healthy}; otherwise names step B with the state and reason the load balancer
     * gives. A target found unhealthy before the security-group rule was added needs a few passing checks to turn
     * healthy: every 30 s on AWS (so a live run waits its whole wait timeout), every 150 ms on the sandbox. There a
     * check that times out takes 1 s and the healthy threshold is a handful of checks, so a target that is going to
     * turn healthy does within about 2 s; a runbook that expects it not to waits {@link #SANDBOX_PATIENCE}.
     */
    private void awaitHealthy() {
        Duration patience = world.target().kind() == TargetKind.LIVE ? world.waitTimeout() : SANDBOX_PATIENCE;
        AtomicReference<TargetHealthDescription> last = new AtomicReference<>();
        try {
            await("target " + databaseIp + ":" + port + " healthy").atMost(patience)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(aws().targetHealth(targetGroup, databaseIp, port));
                        return last.get().targetHealth().stateAsString().equals("healthy");
                    });
            Evidence.text("target health", last.get().toString());
        } catch (ConditionTimeoutException e) {
            var health = last.get() == null ? null : last.get().targetHealth();
            String state = health == null ? "not reported" : health.stateAsString() + " (" + health.reasonAsString()
                    + ": " + health.description() + ")";
            throw new RunbookFailure(GuideStep.B, "the load balancer reports target " + databaseIp + ":" + port + " "
                    + state + " after " + patience.toSeconds() + " s: the database's security group must admit the"
                    + " load balancer (its VPC CIDR or its private IPs) on port " + port + ", and the target must be"
                    + " the database's current IP address");
        }
    }

    /** The sandbox moves the endpoint to a new address and ends its connections (only the sandbox can). */
    @When("the instance's IP address changes, as the guide warns AWS may do without notice")
    public void instanceAddressChanges() {
        world.use(world.target().moveDatabaseAddress(world.database()));
        Evidence.text("the instance moved", "its endpoint now answers at " + world.database().endpoint());
    }

    /** The guide's remedy: the target group follows the instance's current address. */
    @When("the admin registers that address in the target group in place of the old one")
    public void replaceTarget() {
        String current = world.placeholders().get("RDS_IP");
        for (var t : aws().targetHealth(targetGroup)) {
            if (!t.target().id().equals(current)) {
                aws().deregisterIpTarget(targetGroup, t.target().id(), t.target().port());
            }
        }
        aws().registerIpTarget(targetGroup, current, port);
    }

    @When("the admin allows the principal {string} on the endpoint service")
    public void allowPrincipal(String principal) {
        aws().allowEndpointServicePrincipal(serviceId, world.placeholders().fill(principal));
    }

    /** Materialize's account asks for an endpoint once its principal is allowed; the request then waits. */
    @When("the endpoint service lists a connection request waiting for acceptance")
    public void connectionRequestWaits() {
        pendingRequest();
    }

    @When("the admin accepts the endpoint connection request")
    public void acceptConnection() {
        String endpoint = pendingRequest();
        aws().acceptEndpointConnection(serviceId, endpoint);
        aws().awaitEndpointConnectionState(serviceId, endpoint, "available", world.waitTimeout());
    }

    private String pendingRequest() {
        try {
            return await("a connection request to " + serviceId).atMost(world.waitTimeout())
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> aws().endpointConnections(serviceId).stream()
                            .filter(c -> c.state().equals("pendingAcceptance")).findFirst(), r -> r.isPresent())
                    .orElseThrow().vpcEndpointId();
        } catch (ConditionTimeoutException e) {
            throw new RunbookFailure(GuideStep.B, "no connection request reached endpoint service " + serviceId
                    + ": allow the principal Materialize shows in mz_aws_privatelink_connections");
        }
    }
}
