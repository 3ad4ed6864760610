package dev.ingestrunbooks.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** The driver methods a runbook calls on the SSH-bastion tab, walked in the guide's order against the emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2BastionDriverTest {

    private static final String AMI = "ami-0c02fb55956c7d316";
    private static final String KEY = SshLogin.generateKey("admin@workstation").publicKeyLine();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private AwsEmulator aws;
    private Ec2Client ec2;
    private AwsControlPlane driver;

    @BeforeAll
    void start() {
        aws = AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2)));
        ec2 = aws.ec2Client();
        driver = new AwsControlPlane(aws.rdsClient(), ec2, ChangeGuard.ALLOW_ALL, Duration.ofMillis(50));
    }

    @AfterAll
    void stop() {
        ec2.close();
        aws.close();
    }

    @Test
    void theBastionTabFromKeyToTeardown() throws Exception {
        String bastionGroup = driver.createSecurityGroupIfAbsent("mz-bastion", "SSH bastion for Materialize");
        assertThat(driver.createSecurityGroupIfAbsent("mz-bastion", "again")).as("a rerun finds it")
                .isEqualTo(bastionGroup);
        driver.allowIngress(bastionGroup, 22, "127.0.0.2/32", "Materialize egress");
        String dbGroup = driver.createSecurityGroupIfAbsent("mz-db", "database");
        driver.allowIngressFromGroup(dbGroup, 5432, bastionGroup, "from the bastion");

        String fingerprint = driver.importKeyPair("mz-bastion-key", KEY).keyFingerprint();
        assertThat(driver.keyPair("mz-bastion-key")).hasValueSatisfying(k -> {
            assertThat(k.publicKey()).isEqualTo(KEY);
            assertThat(k.keyFingerprint()).isEqualTo(fingerprint);
        });
        assertThat(driver.keyPair("nobody")).isEmpty();

        Instance bastion = driver.runInstanceAndAwaitRunning(AMI, "t3.micro", null, List.of(bastionGroup),
                "mz-bastion-key", "mz-bastion", TIMEOUT);
        assertThat(bastion.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(bastion.securityGroups()).singleElement().satisfies(g -> assertThat(g.groupId())
                .isEqualTo(bastionGroup));
        assertThat(bastion.tags()).anySatisfy(t -> assertThat(t.value()).isEqualTo("mz-bastion"));
        Ec2Backend backend = aws.ec2Backend();
        assertThat(backend.admitsTcp(List.of(dbGroup), InetAddress.getByName(bastion.privateIpAddress()), 5432))
                .as("the database admits the bastion's private IP through the group rule").isTrue();
        assertThat(backend.admitsTcp(List.of(bastionGroup), InetAddress.getByName("127.0.0.2"), 22)).isTrue();

        String allocation = driver.allocateAddress();
        String association = driver.associateAddress(allocation, bastion.instanceId());
        Address eip = driver.address(allocation);
        assertThat(eip.associationId()).isEqualTo(association);
        assertThat(driver.ec2Instance(bastion.instanceId()).publicIpAddress()).isEqualTo(eip.publicIp());
        assertThat(driver.addressesOf(bastion.instanceId())).extracting(Address::publicIp)
                .containsExactly(eip.publicIp());

        assertThatThrownBy(() -> driver.releaseAddress(allocation)).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIPAddress.InUse"));
        Instance terminated = driver.terminateInstanceAndAwait(bastion.instanceId(), TIMEOUT);
        assertThat(terminated.state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(driver.addressesOf(bastion.instanceId())).isEmpty();
        driver.releaseAddress(allocation);
        driver.deleteKeyPair("mz-bastion-key");
        assertThat(driver.keyPair("mz-bastion-key")).isEmpty();
    }

    @Test
    void aWaitThatTimesOutSaysWhatTheInstanceIs() {
        AwsControlPlane impatient = new AwsControlPlane(aws.rdsClient(), ec2, ChangeGuard.ALLOW_ALL,
                Duration.ofMillis(20));
        String id = impatient.runInstance(AMI, "t3.micro", null, List.of(), null, "never-stops");
        assertThatThrownBy(() -> impatient.awaitEc2InstanceState(id, InstanceStateName.STOPPED,
                Duration.ofMillis(300))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("EC2 instance " + id + " did not become stopped within 0 s; it is");
        impatient.terminateInstance(id);
    }

    @Test
    void aGuardThatRefusesKeepsTheLaunchFromReachingAws() {
        AwsControlPlane readOnly = new AwsControlPlane(aws.rdsClient(), ec2, action -> {
            throw new IllegalStateException("refused: " + action);
        }, Duration.ofMillis(50));
        ec2.describeVpcs();
        assertThat(aws.actions()).as("actions are recorded as service:Action").contains("ec2:DescribeVpcs");
        long before = aws.actions().stream().filter(a -> a.equals("ec2:RunInstances")).count();
        assertThatThrownBy(() -> readOnly.runInstance(AMI, "t3.micro", null, List.of(), null, "bastion"))
                .hasMessage("refused: launch EC2 instance bastion (t3.micro, " + AMI + ")");
        assertThat(aws.actions().stream().filter(a -> a.equals("ec2:RunInstances")).count()).isEqualTo(before);
    }
}
