package dev.ingestrunbooks.sandbox.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** The EC2 slice of the emulator through the real SDK: the guide's "allow Materialize's IPs" step and its errors. */
class Ec2SecurityGroupsTest extends EmulatedEc2Test {


    @Test
    void theDefaultVpcHasASubnetPerZoneWithZoneIds() {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        assertThat(ec2.describeVpcs().vpcs().get(0).isDefault()).isTrue();
        List<AvailabilityZone> zones = ec2.describeAvailabilityZones().availabilityZones();
        assertThat(zones).extracting(AvailabilityZone::zoneId).containsExactly("use1-az1", "use1-az2", "use1-az3");
        assertThat(zones).extracting(AvailabilityZone::zoneName).containsExactly("us-east-1a", "us-east-1b",
                "us-east-1c");
        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets();
        assertThat(subnets).extracting(Subnet::availabilityZoneId).containsExactly("use1-az1", "use1-az2",
                "use1-az3");
        assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("availability-zone-id").values("use1-az2")))
                .subnets()).hasSize(1);
        assertThat(Ec2Backend.zoneIdPrefix("eu-west-1")).isEqualTo("euw1");
        assertThat(Ec2Backend.zoneIdPrefix("ap-southeast-2")).isEqualTo("apse2");
    }

    @Test
    void allowingAnEgressIpAddsAnInboundRuleThatAdmitsExactlyThatAddress() throws Exception {
        String group = ec2.createSecurityGroup(r -> r.groupName("mz-rds").description("RDS for Materialize"))
                .groupId();
        IpPermission rule = IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                .ipRanges(range -> range.cidrIp("127.0.0.2/32").description("Materialize egress")).build();
        assertThat(ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule)).returnValue())
                .isTrue();

        SecurityGroup described = ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0);
        assertThat(described.groupName()).isEqualTo("mz-rds");
        assertThat(described.ipPermissions()).hasSize(1);
        assertThat(described.ipPermissions().get(0).ipRanges().get(0).cidrIp()).isEqualTo("127.0.0.2/32");
        assertThat(described.ipPermissions().get(0).fromPort()).isEqualTo(5432);
        Ec2Backend backend = aws.ec2Backend();
        assertThat(backend.admitsTcp(List.of(group), InetAddress.getByName("127.0.0.2"), 5432)).isTrue();
        assertThat(backend.admitsTcp(List.of(group), InetAddress.getByName("127.0.0.3"), 5432)).isFalse();
        assertThat(backend.admitsTcp(List.of(group), InetAddress.getByName("127.0.0.2"), 5433)).isFalse();

        assertThatThrownBy(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPermission.Duplicate");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("the specified rule \"peer:"
                            + " 127.0.0.2/32, TCP, from port: 5432, to port: 5432, ALLOW\" already exists");
                    assertThat(e.statusCode()).isEqualTo(400);
                });

        ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule));
        assertThat(backend.admitsTcp(List.of(group), InetAddress.getByName("127.0.0.2"), 5432)).isFalse();
        assertThatThrownBy(() -> ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidPermission.NotFound"));
    }

    @Test
    void badRequestsGetEc2sErrors() {
        assertThatThrownBy(() -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0000000000000000f")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The security group 'sg-0000000000000000f' does not exist");
                });
        String group = ec2.createSecurityGroup(r -> r.groupName("dup").description("d")).groupId();
        assertThatThrownBy(() -> ec2.createSecurityGroup(r -> r.groupName("dup").description("d")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidGroup.Duplicate"));
        assertThatThrownBy(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p
                .ipProtocol("tcp").fromPort(5432).toPort(5432).ipRanges(x -> x.cidrIp("300.1.1.1/32")))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("CIDR block 300.1.1.1/32 is malformed"));
        SecurityGroup defaultGroup = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("default"))).securityGroups().get(0);
        assertThat(defaultGroup.ipPermissions().get(0).userIdGroupPairs().get(0).groupId())
                .as("the default group admits its own members only").isEqualTo(defaultGroup.groupId());
    }
}
