package dev.ingestrunbooks.drivers.health;

import static dev.ingestrunbooks.drivers.health.ComplianceDriftTest.assertOnlyTheCheckFails;
import static dev.ingestrunbooks.drivers.health.ComplianceDriftTest.failing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.SandboxMaterialize;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.SetupSpec.Kind;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The teeth of the network checks, on the guide's other two tabs of step B: a healthy setup through an SSH bastion
 * or through AWS PrivateLink, one drift at a time, exactly the network check failing and naming B. Apart from
 * {@link ComplianceDriftTest} so that the two run in parallel test JVMs.
 */
class ComplianceNetworkDriftTest {

    /**
     * Tab "Use an SSH tunnel": one healthy setup through a bastion; each drift fails B.ssh-bastion alone, naming B,
     * and undoing it clears the finding (one setup for the three, which each undo).
     */
    @Test
    void bastionDriftsFailOnlyTheBastionCheck() {
        try (SandboxSetup setup = SandboxSetup.healthy(Kind.RDS, "drift-ssh", RunbookConfig.fromSystem(),
                SandboxSetup.Network.SSH_BASTION)) {
            assertThat(failing(setup.spec())).as("findings on the healthy setup (false alarms)").isEmpty();
            var aws = setup.target().aws();
            int sshPort = setup.target().sshPort();
            String bastionGroup = aws.createSecurityGroupIfAbsent("drift-ssh-bastion-sg", "exists already");
            String egress = SandboxMaterialize.EGRESS_ADDRESS + "/32";

            aws.revokeIngress(bastionGroup, sshPort, egress);
            assertOnlyTheCheckFails(setup, "B.ssh-bastion", "does not admit Materialize's egress " + egress);
            aws.allowIngress(bastionGroup, sshPort, egress, "Materialize egress");
            assertThat(failing(setup.spec())).as("findings once the rule is back").isEmpty();

            aws.allowIngress(bastionGroup, sshPort, "0.0.0.0/0", "temporary");
            assertOnlyTheCheckFails(setup, "B.ssh-bastion", "admits 0.0.0.0/0 on SSH port " + sshPort);
            aws.revokeIngress(bastionGroup, sshPort, "0.0.0.0/0");
            assertThat(failing(setup.spec())).as("findings once the world is shut out again").isEmpty();

            String host;
            try (SetupProbe probe = new SetupProbe(setup.spec(), AwsClients::rds)) {
                host = ConnectionSql.of(probe, "ssh_connection").orElseThrow().literal("HOST").orElseThrow();
            }
            var address = aws.elasticAddress(host).orElseThrow();
            aws.disassociateAddress(address.associationId());
            assertOnlyTheCheckFails(setup, "B.ssh-bastion", "points at " + host + ", which is the public IP of no running EC2"
                    + " instance");
        }
    }

    /**
     * Tab "AWS PrivateLink": one healthy setup through an endpoint service; the target moved off the database's
     * address, then Materialize's principal removed, each fail B.privatelink alone, naming B, and undoing it clears
     * the finding.
     */
    @Test
    void privateLinkDriftsFailOnlyThePrivateLinkCheck() {
        try (SandboxSetup setup = SandboxSetup.healthy(Kind.RDS, "drift-pl", RunbookConfig.fromSystem(),
                SandboxSetup.Network.PRIVATELINK)) {
            assertThat(failing(setup.spec())).as("findings on the healthy setup (false alarms)").isEmpty();
            var aws = setup.target().aws();
            int port = setup.database().endpoint().port();
            String service = aws.endpointServiceNamed(setup.materialize().query("SELECT create_sql FROM mz_connections"
                    + " WHERE name = 'privatelink_svc'").single("create_sql").replaceAll(".*SERVICE NAME = '([^']*)'.*",
                    "$1")).orElseThrow().serviceId();
            String targetGroup = aws.listeners(aws.endpointService(service).networkLoadBalancerArns().get(0)).get(0)
                    .defaultActions().get(0).targetGroupArn();
            String ip = aws.targetHealth(targetGroup).get(0).target().id();

            aws.deregisterIpTarget(targetGroup, ip, port);
            aws.registerIpTarget(targetGroup, "127.0.0.9", port);
            aws.awaitTargetHealth(targetGroup, "127.0.0.9", port, "unhealthy", Duration.ofSeconds(20));
            assertOnlyTheCheckFails(setup, "B.privatelink", "which no target group of the service's load balancers"
                    + " lists");
            aws.deregisterIpTarget(targetGroup, "127.0.0.9", port);
            aws.registerIpTarget(targetGroup, ip, port);
            aws.awaitTargetHealth(targetGroup, ip, port, "healthy", Duration.ofSeconds(20));
            Awaitility.await("the draining target gone").atMost(Duration.ofSeconds(20))
                    .until(() -> aws.targetHealth(targetGroup).size() == 1);
            assertThat(failing(setup.spec())).as("findings once the target is back").isEmpty();

            String principal = aws.endpointServicePrincipals(service).get(0);
            aws.disallowEndpointServicePrincipal(service, principal);
            assertOnlyTheCheckFails(setup, "B.privatelink", "no longer allows Materialize's principal " + principal);
        }
    }

}
