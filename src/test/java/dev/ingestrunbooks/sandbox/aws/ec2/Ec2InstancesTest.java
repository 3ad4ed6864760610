package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Errors400.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * RunInstances, DescribeInstances and TerminateInstances through the real SDK: the bastion tab's "launch an EC2
 * instance", AWS's state machine and codes, the filters a runbook uses, the errors, and the listener callbacks.
 */
class Ec2InstancesTest extends EmulatedEc2Test {

    private static final String AMI = "ami-0c02fb55956c7d316";
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected AwsEmulator startEmulator() {
        return emulatorWithEc2Transitions(Duration.ofMillis(150));
    }

    @BeforeAll
    void start() {
        aws.ec2Backend().addInstanceListener(new InstanceListener() {
            @Override
            public void running(dev.ingestrunbooks.sandbox.aws.ec2.Instance instance) {
                events.add("running " + instance.id() + " " + instance.privateIp());
            }

            @Override
            public void terminated(dev.ingestrunbooks.sandbox.aws.ec2.Instance instance) {
                events.add("terminated " + instance.id());
            }
        });
        ec2.importKeyPair(r -> r.keyName("bastion-key")
                .publicKeyMaterial(SdkBytes.fromString(Ec2TestKeys.ED25519, StandardCharsets.UTF_8)));
    }

    private Instance describe(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private Instance awaitState(String id, InstanceStateName state) {
        return await(id + " " + state).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> describe(id), i -> i.state().name() == state);
    }

    private List<String> idsMatching(Filter... filters) {
        return ec2.describeInstances(r -> r.filters(filters)).reservations().stream()
                .flatMap(x -> x.instances().stream()).map(Instance::instanceId).toList();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    @Test
    void aBastionLaunchesPendingWithLoopbackAddressesThenRuns() {
        String group = ec2.createSecurityGroup(r -> r.groupName("bastion-sg").description("SSH bastion")).groupId();
        Subnet subnet = ec2.describeSubnets(r -> r.filters(filter("availability-zone", "us-east-1b"))).subnets()
                .get(0);
        RunInstancesResponse launched = ec2.runInstances(r -> r.imageId(AMI).instanceType("t3.micro").minCount(1).maxCount(1)
                .subnetId(subnet.subnetId()).securityGroupIds(group).keyName("bastion-key")
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name")
                        .value("mz-bastion"))));
        assertThat(launched.reservationId()).matches("r-[0-9a-f]{17}");
        assertThat(launched.ownerId()).isEqualTo(Ec2Backend.ACCOUNT);
        Instance pending = launched.instances().get(0);
        assertThat(pending.instanceId()).matches("i-[0-9a-f]{17}");
        assertThat(pending.state().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(pending.state().code()).isZero();
        assertThat(pending.privateIpAddress()).startsWith("127.31.16.");
        assertThat(pending.subnetId()).isEqualTo(subnet.subnetId());
        assertThat(pending.vpcId()).isEqualTo(subnet.vpcId());
        assertThat(pending.placement().availabilityZone()).isEqualTo("us-east-1b");
        assertThat(pending.keyName()).isEqualTo("bastion-key");
        assertThat(pending.instanceType().toString()).isEqualTo("t3.micro");
        assertThat(pending.securityGroups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(group);
            assertThat(g.groupName()).isEqualTo("bastion-sg");
        });
        assertThat(pending.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("mz-bastion"));

        Instance running = awaitState(pending.instanceId(), InstanceStateName.RUNNING);
        assertThat(running.state().code()).isEqualTo(16);
        assertThat(running.publicIpAddress()).startsWith("127.200.");
        assertThat(running.publicDnsName()).isEqualTo("ec2-" + running.publicIpAddress().replace('.', '-')
                + ".compute-1.amazonaws.com");
        assertThat(running.privateDnsName()).isEqualTo("ip-" + running.privateIpAddress().replace('.', '-')
                + ".ec2.internal");
        assertThat(running.networkInterfaces()).singleElement().satisfies(n -> {
            assertThat(n.privateIpAddress()).isEqualTo(running.privateIpAddress());
            assertThat(n.association().publicIp()).isEqualTo(running.publicIpAddress());
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> events.contains("running " + pending.instanceId() + " "
                + pending.privateIpAddress()));
        assertThat(aws.ec2Backend().instance(pending.instanceId()).tag("Name")).contains("mz-bastion");
    }

    @Test
    void withoutSubnetOrGroupsAnInstanceGoesToTheFirstDefaultSubnetAndTheDefaultGroup() {
        Instance i = ec2.runInstances(r -> r.imageId(AMI).minCount(1).maxCount(1)).instances().get(0);
        assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(i.privateIpAddress()).startsWith("127.31.0.");
        assertThat(i.securityGroups()).singleElement().satisfies(g -> assertThat(g.groupName()).isEqualTo("default"));
        assertThat(i.instanceTypeAsString()).isEqualTo("m1.small");
        assertThat(i.keyName()).isNull();
    }

    @Test
    void terminationGoesShuttingDownThenTerminated() {
        String id = ec2.runInstances(r -> r.imageId(AMI).instanceType("t3.nano").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        awaitState(id, InstanceStateName.RUNNING);
        InstanceStateChange change = ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);
        assertThat(change.instanceId()).isEqualTo(id);
        assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        assertThat(change.currentState().code()).isEqualTo(32);
        Instance terminated = awaitState(id, InstanceStateName.TERMINATED);
        assertThat(terminated.state().code()).isEqualTo(48);
        assertThat(terminated.privateIpAddress()).isNull();
        assertThat(terminated.publicIpAddress()).isNull();
        assertThat(terminated.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
        assertThat(terminated.stateTransitionReason()).startsWith("User initiated (");
        await().atMost(Duration.ofSeconds(2)).until(() -> events.contains("terminated " + id));
        InstanceStateChange again = ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);
        assertThat(again.previousState().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(again.currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void filtersSelectByStateTagsAndGroup() {
        String group = ec2.createSecurityGroup(r -> r.groupName("filter-sg").description("f")).groupId();
        RunInstancesRequest.Builder base = RunInstancesRequest.builder().imageId(AMI).instanceType("t3.micro");
        String a = ec2.runInstances(base.minCount(1).maxCount(1).securityGroupIds(group).tagSpecifications(t -> t
                .resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name").value("filter-a"),
                        x -> x.key("role").value("bastion"))).build()).instances().get(0).instanceId();
        String b = ec2.runInstances(base.securityGroupIds(List.of()).tagSpecifications(t -> t
                .resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name").value("filter-b"))).build())
                .instances().get(0).instanceId();
        awaitState(a, InstanceStateName.RUNNING);
        awaitState(b, InstanceStateName.RUNNING);

        assertThat(idsMatching(filter("tag:Name", "filter-a"))).containsExactly(a);
        assertThat(idsMatching(filter("tag:Name", "filter-*"))).containsExactly(a, b);
        assertThat(idsMatching(filter("tag-key", "role"))).containsExactly(a);
        assertThat(idsMatching(filter("instance.group-id", group))).containsExactly(a);
        assertThat(idsMatching(filter("instance.group-name", "filter-sg"))).containsExactly(a);
        assertThat(idsMatching(filter("tag:Name", "filter-a", "filter-b"), filter("instance-state-name", "running")))
                .containsExactly(a, b);
        ec2.terminateInstances(r -> r.instanceIds(b));
        assertThat(idsMatching(filter("tag:Name", "filter-*"), filter("instance-state-name", "pending", "running")))
                .containsExactly(a);
        assertThat(idsMatching(filter("tag:Name", "filter-*"), filter("instance-state-code", "32", "48")))
                .containsExactly(b);
        assertEc2Error(() -> idsMatching(filter("colour", "blue")), "InvalidParameterValue",
                "The filter 'colour' is invalid");
    }

    @Test
    void badLaunchesGetEc2sErrors() {
        RunInstancesRequest.Builder ok = RunInstancesRequest.builder().imageId(AMI).minCount(1).maxCount(1);
        assertEc2Error(() -> ec2.runInstances(ok.imageId("ubuntu").build()), "InvalidAMIID.Malformed",
                "Invalid id: \"ubuntu\" (expecting \"ami-...\")");
        assertEc2Error(() -> ec2.runInstances(ok.imageId(null).build()), "MissingParameter",
                "The request must contain the parameter ImageId");
        ok.imageId(AMI);
        assertEc2Error(() -> ec2.runInstances(ok.subnetId("subnet-0123456789abcdef0").build()),
                "InvalidSubnetID.NotFound", "The subnet ID 'subnet-0123456789abcdef0' does not exist");
        ok.subnetId(null);
        assertEc2Error(() -> ec2.runInstances(ok.securityGroupIds("sg-0123456789abcdef0").build()),
                "InvalidGroup.NotFound", "The security group 'sg-0123456789abcdef0' does not exist");
        ok.securityGroupIds(List.of());
        assertEc2Error(() -> ec2.runInstances(ok.keyName("nobody").build()), "InvalidKeyPair.NotFound",
                "The key pair 'nobody' does not exist");
        ok.keyName(null);
        assertEc2Error(() -> ec2.runInstances(ok.minCount(0).build()), "InvalidParameterValue",
                "Value (0) for parameter minCount is invalid. Expected a positive integer.");
        assertEc2Error(() -> ec2.runInstances(ok.minCount(2).maxCount(1).build()), "InvalidParameterValue",
                "Value (1) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.");
        assertEc2Error(() -> ec2.runInstances(ok.minCount(1).maxCount(1).instanceType("huge").build()),
                "InvalidParameterValue", "Invalid value 'huge' for InstanceType.");
        assertEc2Error(() -> ec2.runInstances(ok.instanceType("t3.micro").minCount(21).maxCount(21).build()),
                "InstanceLimitExceeded", "You have requested more instances (21) than your current instance limit"
                        + " of 20 allows for the specified instance type.");
    }

    @Test
    void unknownAndMalformedInstanceIdsGetEc2sErrors() {
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")),
                "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0", "i-01234567")),
                "InvalidInstanceID.NotFound", "The instance IDs 'i-0123456789abcdef0, i-01234567' do not exist");
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("bastion")), "InvalidInstanceID.Malformed",
                "Invalid id: \"bastion\"");
        assertEc2Error(() -> ec2.terminateInstances(r -> r.instanceIds("i-0123456789abcdef0")),
                "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.terminateInstances(r -> r.instanceIds("i-xyz")), "InvalidInstanceID.Malformed",
                "Invalid id: \"i-xyz\"");
    }

    @Test
    void malformedRequestsAre400sNotCrashes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String body : List.of("Action=RunInstances&Version=2016-11-15&ImageId=" + AMI + "&MinCount=abc&MaxCount=1",
                "Action=RunInstances&Version=2016-11-15&ImageId=" + AMI + "&MinCount=1&MaxCount=1"
                        + "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Value=x",
                "Action=ImportKeyPair&Version=2016-11-15&KeyName=k&PublicKeyMaterial=not%20base64!",
                "Action=TerminateInstances&Version=2016-11-15",
                "Action=AssociateAddress&Version=2016-11-15&AllocationId=eipalloc-1")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains("<Errors><Error><Code>");
        }
    }
}
