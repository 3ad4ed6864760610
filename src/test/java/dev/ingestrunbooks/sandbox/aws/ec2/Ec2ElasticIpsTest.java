package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Errors400.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Elastic IPs through the real SDK: the bastion tab's "give the bastion a static public IP" (allocate, associate,
 * describe, disassociate, release), what the instance's public IP becomes, the errors, and the listener callback.
 */
class Ec2ElasticIpsTest extends EmulatedEc2Test {

    private static final String AMI = "ami-0c02fb55956c7d316";
    private final List<String> changes = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected AwsEmulator startEmulator() {
        return emulatorWithEc2Transitions(Duration.ofMillis(100));
    }

    @BeforeAll
    void start() {
        aws.ec2Backend().addInstanceListener(new InstanceListener() {
            @Override
            public void publicAddressChanged(dev.ingestrunbooks.sandbox.aws.ec2.Instance instance, String old) {
                changes.add(instance.id() + " " + old + " -> " + instance.publicIp());
            }
        });
    }

    private Instance describe(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private String runningInstance() {
        String id = ec2.runInstances(r -> r.imageId(AMI).instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        await().atMost(Duration.ofSeconds(5)).until(() -> describe(id).state().name() == InstanceStateName.RUNNING);
        return id;
    }

    @Test
    void anAssociatedElasticIpBecomesTheInstancesPublicIp() {
        String id = runningInstance();
        String automatic = describe(id).publicIpAddress();
        AllocateAddressResponse allocated = ec2.allocateAddress(r -> r.domain(DomainType.VPC));
        assertThat(allocated.allocationId()).matches("eipalloc-[0-9a-f]{17}");
        assertThat(allocated.publicIp()).startsWith("127.201.");
        assertThat(allocated.domain()).isEqualTo(DomainType.VPC);

        String association = ec2.associateAddress(r -> r.allocationId(allocated.allocationId()).instanceId(id))
                .associationId();
        assertThat(association).matches("eipassoc-[0-9a-f]{17}");
        Instance instance = describe(id);
        assertThat(instance.publicIpAddress()).isEqualTo(allocated.publicIp());
        assertThat(changes).contains(id + " " + automatic + " -> " + allocated.publicIp());

        Address address = ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())).addresses().get(0);
        assertThat(address.instanceId()).isEqualTo(id);
        assertThat(address.associationId()).isEqualTo(association);
        assertThat(address.privateIpAddress()).isEqualTo(instance.privateIpAddress());
        assertThat(address.networkInterfaceId()).isEqualTo(instance.networkInterfaces().get(0).networkInterfaceId());
        assertThat(ec2.describeAddresses(r -> r.filters(f -> f.name("instance-id").values(id))).addresses())
                .extracting(Address::allocationId).containsExactly(allocated.allocationId());
        assertThat(ec2.describeAddresses(r -> r.publicIps(allocated.publicIp())).addresses()).hasSize(1);
        assertThat(ec2.associateAddress(r -> r.allocationId(allocated.allocationId()).instanceId(id))
                .associationId()).as("associating again changes nothing").isEqualTo(association);

        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId(allocated.allocationId())),
                "InvalidIPAddress.InUse", "Address " + allocated.publicIp() + " is in use.");
        ec2.disassociateAddress(r -> r.associationId(association));
        ec2.disassociateAddress(r -> r.associationId(association)); // idempotent, as in AWS
        assertThat(describe(id).publicIpAddress()).startsWith("127.200.").isNotEqualTo(automatic);
        assertThat(ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())).addresses().get(0)
                .instanceId()).isNull();
        ec2.releaseAddress(r -> r.allocationId(allocated.allocationId()));
        assertEc2Error(() -> ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())),
                "InvalidAllocationID.NotFound", "The allocation ID '" + allocated.allocationId() + "' does not exist");
    }

    @Test
    void anElasticIpMovesBetweenInstancesUnlessReassociationIsRefused() {
        String first = runningInstance();
        String second = runningInstance();
        String allocation = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        String association = ec2.associateAddress(r -> r.allocationId(allocation).instanceId(first)).associationId();
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(allocation).instanceId(second)
                .allowReassociation(false)), "Resource.AlreadyAssociated",
                "resource " + allocation + " is already associated with associate-id " + association);
        ec2.associateAddress(r -> r.allocationId(allocation).instanceId(second));
        String ip = ec2.describeAddresses(r -> r.allocationIds(allocation)).addresses().get(0).publicIp();
        assertThat(describe(second).publicIpAddress()).isEqualTo(ip);
        assertThat(describe(first).publicIpAddress()).startsWith("127.200.");
        String firstEni = describe(first).networkInterfaces().get(0).networkInterfaceId();
        ec2.associateAddress(r -> r.allocationId(allocation).networkInterfaceId(firstEni));
        assertThat(describe(first).publicIpAddress()).as("by network interface").isEqualTo(ip);
        ec2.associateAddress(r -> r.allocationId(allocation).instanceId(second));
        ec2.terminateInstances(r -> r.instanceIds(second));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> describe(second).state().name() == InstanceStateName.TERMINATED);
        assertThat(ec2.describeAddresses(r -> r.allocationIds(allocation)).addresses().get(0).associationId())
                .as("termination ends the association, the address stays allocated").isNull();
        ec2.releaseAddress(r -> r.allocationId(allocation));
    }

    @Test
    void badAddressRequestsGetEc2sErrors() {
        try (AwsEmulator slow = AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(1)));
                Ec2Client slowEc2 = slow.ec2Client()) {
            String pending = slowEc2.runInstances(r -> r.imageId(AMI).minCount(1).maxCount(1)).instances().get(0)
                    .instanceId();
            String eip = slowEc2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
            assertEc2Error(() -> slowEc2.associateAddress(r -> r.allocationId(eip).instanceId(pending)),
                    "InvalidInstanceID", "The pending instance '" + pending + "' is not in a valid state for this"
                            + " operation.");
            slowEc2.terminateInstances(r -> r.instanceIds(pending));
            assertEc2Error(() -> slowEc2.associateAddress(r -> r.allocationId(eip).instanceId(pending)),
                    "InvalidInstanceID", "The shutting-down instance '" + pending + "' is not in a valid state for"
                            + " this operation.");
        }
        String pending = runningInstance();
        String allocation = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId("eipalloc-0123456789abcdef0")
                .instanceId(pending)), "InvalidAllocationID.NotFound",
                "The allocation ID 'eipalloc-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(allocation)
                .instanceId("i-0123456789abcdef0")), "InvalidInstanceID.NotFound",
                "The instance ID 'i-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.associateAddress(r -> r.allocationId(allocation)
                .networkInterfaceId("eni-0123456789abcdef0")), "InvalidNetworkInterfaceID.NotFound",
                "The networkInterface ID 'eni-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.disassociateAddress(r -> r.associationId("eipassoc-0123456789abcdef0")),
                "InvalidAssociationID.NotFound", "The association ID 'eipassoc-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.releaseAddress(r -> r.allocationId("eipalloc-0123456789abcdef0")),
                "InvalidAllocationID.NotFound", "The allocation ID 'eipalloc-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeAddresses(r -> r.publicIps("127.201.9.9")), "InvalidAddress.NotFound",
                "Address '127.201.9.9' not found.");
        assertEc2Error(() -> ec2.describeAddresses(r -> r.filters(f -> f.name("colour").values("x"))),
                "InvalidParameterValue", "The filter 'colour' is invalid");
        assertEc2Error(() -> ec2.releaseAddress(r -> { }), "MissingParameter",
                "The request must contain the parameter AllocationId");
        ec2.releaseAddress(r -> r.allocationId(allocation));
    }
}
