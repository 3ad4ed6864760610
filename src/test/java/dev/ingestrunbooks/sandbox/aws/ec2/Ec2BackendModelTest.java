package dev.ingestrunbooks.sandbox.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EC2 model without HTTP: addresses, the state machine, peer-group admission, listeners, key parsing. */
class Ec2BackendModelTest {

    private static final String AMI = "ami-0abcdef1234567890";
    private Ec2Backend ec2;

    @BeforeEach
    void start() {
        ec2 = new Ec2Backend("us-east-1", new Ec2Backend.Timings(Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        ec2.close();
    }

    private Instance awaitState(String id, InstanceState state) {
        return await("instance " + id + " " + state).atMost(Duration.ofSeconds(5))
                .until(() -> ec2.instance(id), i -> i.state() == state);
    }

    @Test
    void theDefaultVpcIsOnLoopbackAwayFromTheSandboxsFixedAddresses() {
        assertThat(ec2.defaultVpc().cidr()).isEqualTo("127.31.0.0/16");
        assertThat(ec2.subnets()).extracting(Ec2Backend.Subnet::cidr)
                .containsExactly("127.31.0.0/20", "127.31.16.0/20", "127.31.32.0/20");
        Reservation r = ec2.runInstances(new LaunchRequest(AMI, "t3.micro", 2, 2, null, List.of(), null, Map.of()));
        assertThat(r.instances()).extracting(Instance::privateIp).containsExactly("127.31.0.4", "127.31.0.5");
        assertThat(r.instances()).extracting(Instance::publicIp).containsExactly("127.200.0.1", "127.200.0.2");
        assertThat(r.instances()).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.PENDING);
            assertThat(i.subnetId()).isEqualTo(ec2.subnets().get(0).id());
            assertThat(i.groupIds()).containsExactly(ec2.defaultGroup().id());
        });
        String second = ec2.subnets().get(1).id();
        Instance other = ec2.runInstances(new LaunchRequest(AMI, null, 1, 1, second, List.of(), null, Map.of()))
                .instances().get(0);
        assertThat(other.privateIp()).isEqualTo("127.31.16.4");
        assertThat(other.instanceType()).isEqualTo("m1.small");
        assertThatThrownBy(() -> new AddressPool("127.0.0.0/16", 4, 1, false))
                .hasMessageContaining("127.0.0.0/24");
    }

    @Test
    void addressesForOtherInterfacesComeFromTheSubnetAndNeverCollideWithInstances() {
        String subnet = ec2.subnets().get(1).id();
        String nlbIp = ec2.allocatePrivateIp(subnet);
        assertThat(nlbIp).isEqualTo("127.31.16.4");
        Instance vm = ec2.runInstances(new LaunchRequest(AMI, null, 1, 1, subnet, List.of(), null, Map.of()))
                .instances().get(0);
        assertThat(vm.privateIp()).isEqualTo("127.31.16.5");
        ec2.releasePrivateIp(subnet, nlbIp);
        ec2.releasePrivateIp("subnet-00000000000000000", nlbIp); // ignored
        assertThat(ec2.allocatePrivateIp(subnet)).as("a released address comes back last").isEqualTo("127.31.16.6");
        assertThatThrownBy(() -> ec2.allocatePrivateIp("subnet-00000000000000000"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void addressPoolsSkipAddressesInUseAndHandBackReleasedOnesLast() {
        AddressPool pool = new AddressPool("127.50.0.0/30", 1, 1, false);
        assertThat(pool.take()).contains("127.50.0.1");
        assertThat(pool.take()).contains("127.50.0.2");
        assertThat(pool.take()).isEmpty();
        pool.release("127.50.0.1");
        assertThat(pool.take()).contains("127.50.0.1");
        AddressPool wide = new AddressPool("127.60.0.0/16", 254, 1, true);
        assertThat(wide.take()).contains("127.60.0.254");
        assertThat(wide.take()).as(".255 and .0 are skipped").contains("127.60.1.1");
    }

    @Test
    void instancesGoPendingRunningShuttingDownTerminatedAndGiveTheirAddressesBack() {
        Instance i = ec2.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
        assertThat(awaitState(i.id(), InstanceState.RUNNING).publicIp()).isEqualTo("127.200.0.1");
        List<Ec2Backend.StateChange> changes = ec2.terminateInstances(List.of(i.id()));
        assertThat(changes).containsExactly(new Ec2Backend.StateChange(i.id(), InstanceState.RUNNING,
                InstanceState.SHUTTING_DOWN));
        Instance terminated = awaitState(i.id(), InstanceState.TERMINATED);
        assertThat(terminated.publicIp()).isNull();
        assertThat(ec2.terminateInstances(List.of(i.id()))).containsExactly(new Ec2Backend.StateChange(i.id(),
                InstanceState.TERMINATED, InstanceState.TERMINATED));
        assertThat(ec2.instances()).extracting(Instance::id).as("terminated instances stay listed").contains(i.id());
    }

    @Test
    void anInstanceTerminatedWhilePendingNeverRuns() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Ec2Backend slow = new Ec2Backend("us-east-1", new Ec2Backend.Timings(Duration.ofSeconds(1),
                Duration.ofMillis(20), Duration.ofSeconds(1)))) {
            slow.addInstanceListener(new InstanceListener() {
                @Override
                public void running(Instance instance) {
                    events.add("running");
                }

                @Override
                public void terminated(Instance instance) {
                    events.add("terminated");
                }
            });
            Instance i = slow.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
            assertThat(slow.terminateInstances(List.of(i.id())).get(0).previous()).isEqualTo(InstanceState.PENDING);
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.instance(i.id()).state() == InstanceState.TERMINATED);
            // The pending → running timer fires later and must find the instance no longer pending.
            await().pollDelay(Duration.ofMillis(1300)).atMost(Duration.ofSeconds(3)).until(() -> true);
            assertThat(slow.instance(i.id()).state()).isEqualTo(InstanceState.TERMINATED);
        }
        assertThat(events).containsExactly("terminated");
    }

    @Test
    void aPeerGroupRuleAdmitsTheRunningMembersPrivateIpOnly() throws Exception {
        String bastionGroup = ec2.createGroup("bastion", "bastion", null).id();
        String dbGroup = ec2.createGroup("db", "db", null).id();
        ec2.authorize(dbGroup, List.of(new IngressRule("tcp", 5432, 5432, null, bastionGroup, "from the bastion")));
        Instance bastion = ec2.runInstances(new LaunchRequest(AMI, "t3.micro", 1, 1, null, List.of(bastionGroup),
                null, Map.of())).instances().get(0);
        Instance outsider = ec2.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
        InetAddress bastionIp = InetAddress.getByName(bastion.privateIp());

        try (Ec2Backend slow = new Ec2Backend("us-east-1", new Ec2Backend.Timings(Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(1)))) {
            String peer = slow.createGroup("bastion", "bastion", null).id();
            String db = slow.createGroup("db", "db", null).id();
            slow.authorize(db, List.of(new IngressRule("tcp", 5432, 5432, null, peer, null)));
            Instance pending = slow.runInstances(new LaunchRequest(AMI, "t3.micro", 1, 1, null, List.of(peer), null,
                    Map.of())).instances().get(0);
            assertThat(slow.admitsTcp(List.of(db), InetAddress.getByName(pending.privateIp()), 5432))
                    .as("pending: not yet").isFalse();
        }
        awaitState(bastion.id(), InstanceState.RUNNING);
        awaitState(outsider.id(), InstanceState.RUNNING);
        assertThat(ec2.admitsTcp(List.of(dbGroup), bastionIp, 5432)).isTrue();
        assertThat(ec2.admitsTcp(List.of(dbGroup), bastionIp, 5433)).as("other port").isFalse();
        assertThat(ec2.admitsTcp(List.of(dbGroup), InetAddress.getByName(bastion.publicIp()), 5432))
                .as("a group reference never matches a public address").isFalse();
        assertThat(ec2.admitsTcp(List.of(dbGroup), InetAddress.getByName(outsider.privateIp()), 5432))
                .as("not a member").isFalse();
        assertThat(ec2.admitsTcp(List.of(ec2.defaultGroup().id()), InetAddress.getByName(outsider.privateIp()), 22))
                .as("the default group admits its own members").isTrue();
        assertThat(ec2.admitsTcp(List.of(dbGroup), InetAddress.getByName("127.0.0.2"), 5432)).isFalse();

        ec2.terminateInstances(List.of(bastion.id()));
        assertThat(ec2.admitsTcp(List.of(dbGroup), bastionIp, 5432)).as("shutting down: no more").isFalse();
    }

    @Test
    void listenersHearRunningAddressChangesAndTerminationInOrderOutsideTheLock() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        ec2.addInstanceListener(new InstanceListener() {
            @Override
            public void running(Instance instance) {
                // Outside the lock and after the change: reading back sees the new state.
                events.add("running " + ec2.instance(instance.id()).state().wireName() + " " + instance.publicIp());
            }

            @Override
            public void publicAddressChanged(Instance instance, String oldPublicIp) {
                events.add("address " + oldPublicIp + " -> " + instance.publicIp());
            }

            @Override
            public void terminated(Instance instance) {
                events.add("terminated " + instance.state().wireName() + " " + instance.privateIp());
            }
        });
        ec2.addInstanceListener(new InstanceListener() {
            @Override
            public void running(Instance instance) {
                throw new IllegalStateException("a failing listener does not stop the others");
            }
        });
        Instance i = ec2.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
        awaitState(i.id(), InstanceState.RUNNING);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        ElasticAddress eip = ec2.allocateAddress(Map.of());
        assertThat(eip.publicIp()).isEqualTo("127.201.0.1");
        ec2.associateAddress(eip.allocationId(), i.id(), true);
        assertThat(ec2.instance(i.id()).publicIp()).isEqualTo("127.201.0.1");
        ec2.disassociateAddress(ec2.address(eip.allocationId()).associationId());
        ec2.terminateInstances(List.of(i.id()));
        awaitState(i.id(), InstanceState.TERMINATED);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 4);
        assertThat(events).containsExactly("running running 127.200.0.1",
                "address 127.200.0.1 -> 127.201.0.1",
                "address 127.201.0.1 -> 127.200.0.2",
                "terminated terminated 127.31.0.4");
    }

    @Test
    void aListenerMayChangeTheBackendAndEveryListenerStillHearsEventsInOrder() {
        ElasticAddress eip = ec2.allocateAddress(Map.of());
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        ec2.addInstanceListener(new InstanceListener() {
            @Override
            public void running(Instance instance) {
                first.add("running");
                ec2.associateAddress(eip.allocationId(), instance.id(), true); // calls back in: no deadlock
            }

            @Override
            public void publicAddressChanged(Instance instance, String oldPublicIp) {
                first.add("address " + instance.publicIp());
            }
        });
        ec2.addInstanceListener(new InstanceListener() {
            @Override
            public void running(Instance instance) {
                second.add("running");
            }

            @Override
            public void publicAddressChanged(Instance instance, String oldPublicIp) {
                second.add("address " + instance.publicIp());
            }
        });
        Instance i = ec2.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.size() == 2);
        assertThat(first).containsExactly("running", "address " + eip.publicIp());
        assertThat(second).as("the second listener hears running before the change the first one made")
                .containsExactly("running", "address " + eip.publicIp());
        assertThat(ec2.instance(i.id()).publicIp()).isEqualTo(eip.publicIp());
    }

    @Test
    void terminationEndsTheElasticIpsAssociationButKeepsTheAllocation() {
        Instance i = ec2.runInstances(LaunchRequest.one(AMI, "t3.micro")).instances().get(0);
        awaitState(i.id(), InstanceState.RUNNING);
        ElasticAddress eip = ec2.allocateAddress(Map.of());
        String association = ec2.associateAddress(eip.allocationId(), i.id(), true).associationId();
        assertThatThrownBy(() -> ec2.releaseAddress(eip.allocationId())).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo("InvalidIPAddress.InUse"));
        ec2.terminateInstances(List.of(i.id()));
        awaitState(i.id(), InstanceState.TERMINATED);
        assertThat(ec2.address(eip.allocationId()).associated()).isFalse();
        ec2.disassociateAddress(association); // idempotent: it existed
        ec2.releaseAddress(eip.allocationId());
        assertThat(ec2.addresses()).isEmpty();
    }

    @Test
    void keyLinesAreCheckedAndFingerprintedAsAwsDoesForImportedKeys() {
        OpenSshPublicKey ed = OpenSshPublicKey.parse(Ec2TestKeys.ED25519.getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(ed.type()).isEqualTo("ed25519");
        assertThat(ed.fingerprint()).isEqualTo(Ec2TestKeys.ED25519_FINGERPRINT);
        OpenSshPublicKey rsa = OpenSshPublicKey.parse(Ec2TestKeys.RSA.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(rsa.type()).isEqualTo("rsa");
        assertThat(rsa.fingerprint()).isEqualTo(Ec2TestKeys.RSA_FINGERPRINT);
        for (String bad : List.of("", "ssh-ed25519", "ssh-ed25519 not-base64!", "ssh-dss AAAAB3NzaC1kc3M=",
                "ssh-rsa " + Ec2TestKeys.ED25519.split(" ")[1], "ecdsa-sha2-nistp256 AAAA",
                Ec2TestKeys.ED25519.substring(0, Ec2TestKeys.ED25519.indexOf(' ', 12) - 4), // a truncated blob
                Ec2TestKeys.ED25519 + "\n" + Ec2TestKeys.RSA)) {
            assertThat(OpenSshPublicKey.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isEmpty();
        }
    }

    @Test
    void filterWildcardsAreAwss() {
        assertThat(Ec2Params.matches("bastion-*", "bastion-1")).isTrue();
        assertThat(Ec2Params.matches("bastion-?", "bastion-12")).isFalse();
        assertThat(Ec2Params.matches("*", "")).isTrue();
        assertThat(Ec2Params.matches("a\\*", "a*")).isTrue();
        assertThat(Ec2Params.matches("a\\*", "ab")).isFalse();
        assertThat(Ec2Params.matches("running", "running")).isTrue();
    }
}
