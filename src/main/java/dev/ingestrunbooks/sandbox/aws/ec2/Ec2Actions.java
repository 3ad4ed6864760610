package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend.SecurityGroup;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ec2-protocol side of VPCs, subnets, availability zones and security groups: unpacks requests (lists as
 * {@code Name.N}, filters as {@code Filter.N.Name} / {@code Filter.N.Value.M}), calls {@link Ec2Backend}, writes
 * results in camelCase with {@code <item>} list members. No state here.
 */
final class Ec2Actions {

    private final Ec2Backend backend;

    Ec2Actions(Ec2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("DescribeVpcs", this::describeVpcs)
                .on("DescribeSubnets", this::describeSubnets)
                .on("DescribeAvailabilityZones", this::describeAvailabilityZones)
                .on("DescribeSecurityGroups", this::describeSecurityGroups)
                .on("CreateSecurityGroup", this::createSecurityGroup)
                .on("DeleteSecurityGroup", this::deleteSecurityGroup)
                .on("AuthorizeSecurityGroupIngress", this::authorizeIngress)
                .on("RevokeSecurityGroupIngress", this::revokeIngress);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html */
    Consumer<XmlWriter> describeVpcs(FormBody in) {
        Map<String, List<String>> filters = filters(in);
        List<String> ids = in.strings("VpcId", null);
        List<Ec2Backend.Vpc> vpcs = backend.vpcs().stream()
                .filter(v -> ids.isEmpty() || ids.contains(v.id()))
                .filter(v -> accepts(filters, "vpc-id", v.id()))
                .filter(v -> accepts(filters, "is-default", String.valueOf(v.isDefault()))).toList();
        ids.stream().filter(id -> vpcs.stream().noneMatch(v -> v.id().equals(id))).findFirst().ifPresent(id -> {
            throw Ec2Errors.vpcNotFound(id);
        });
        return w -> w.list("vpcSet", "item", vpcs, (x, v) -> x.element("vpcId", v.id()).element("state", "available")
                .element("cidrBlock", v.cidr()).element("ownerId", Ec2Backend.ACCOUNT)
                .element("instanceTenancy", "default").element("isDefault", v.isDefault()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html */
    Consumer<XmlWriter> describeSubnets(FormBody in) {
        Map<String, List<String>> filters = filters(in);
        List<String> ids = in.strings("SubnetId", null);
        List<Ec2Backend.Subnet> subnets = backend.subnets().stream()
                .filter(s -> ids.isEmpty() || ids.contains(s.id()))
                .filter(s -> accepts(filters, "subnet-id", s.id()))
                .filter(s -> accepts(filters, "vpc-id", s.vpcId()))
                .filter(s -> accepts(filters, "availability-zone", s.zone()))
                .filter(s -> accepts(filters, "availability-zone-id", s.zoneId())
                        && accepts(filters, "availabilityZoneId", s.zoneId()))
                .filter(s -> accepts(filters, "default-for-az", String.valueOf(s.defaultForAz()))).toList();
        ids.stream().filter(id -> subnets.stream().noneMatch(s -> s.id().equals(id))).findFirst().ifPresent(id -> {
            throw Ec2Errors.subnetNotFound(id);
        });
        return w -> w.list("subnetSet", "item", subnets, (x, s) -> x.element("subnetId", s.id())
                .element("subnetArn", "arn:aws:ec2:" + backend.region() + ":" + Ec2Backend.ACCOUNT + ":subnet/"
                        + s.id())
                .element("state", "available").element("vpcId", s.vpcId()).element("cidrBlock", s.cidr())
                .element("availableIpAddressCount", 4091).element("availabilityZone", s.zone())
                .element("availabilityZoneId", s.zoneId()).element("defaultForAz", s.defaultForAz())
                .element("mapPublicIpOnLaunch", true).element("ownerId", Ec2Backend.ACCOUNT));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html */
    Consumer<XmlWriter> describeAvailabilityZones(FormBody in) {
        Map<String, List<String>> filters = filters(in);
        List<String> names = in.strings("ZoneName", null);
        List<String> zoneIds = in.strings("ZoneId", null);
        List<Ec2Backend.Zone> zones = backend.zones().stream()
                .filter(z -> names.isEmpty() || names.contains(z.name()))
                .filter(z -> zoneIds.isEmpty() || zoneIds.contains(z.id()))
                .filter(z -> accepts(filters, "zone-name", z.name()) && accepts(filters, "zone-id", z.id())).toList();
        return w -> w.list("availabilityZoneInfo", "item", zones, (x, z) -> x.element("zoneName", z.name())
                .element("zoneId", z.id()).element("zoneState", "available").element("regionName", backend.region())
                .element("zoneType", "availability-zone").element("optInStatus", "opt-in-not-required")
                .element("groupName", backend.region()).element("networkBorderGroup", backend.region())
                .start("messageSet").end());
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html */
    Consumer<XmlWriter> describeSecurityGroups(FormBody in) {
        Map<String, List<String>> filters = filters(in);
        List<String> ids = in.strings("GroupId", null);
        List<String> names = in.strings("GroupName", null);
        ids.forEach(backend::group); // InvalidGroup.NotFound for an unknown id
        names.forEach(n -> backend.groupNamed(n, null));
        List<SecurityGroup> groups = backend.securityGroups().stream()
                .filter(g -> ids.isEmpty() || ids.contains(g.id()))
                .filter(g -> names.isEmpty() || names.contains(g.name()))
                .filter(g -> accepts(filters, "group-id", g.id()) && accepts(filters, "group-name", g.name())
                        && accepts(filters, "vpc-id", g.vpcId()) && Ec2Params.acceptsTags(filters, g.tags())).toList();
        return w -> w.list("securityGroupInfo", "item", groups, this::group);
    }

    private void group(XmlWriter x, SecurityGroup g) {
        x.element("ownerId", Ec2Backend.ACCOUNT).element("groupId", g.id()).element("groupName", g.name())
                .element("groupDescription", g.description()).element("vpcId", g.vpcId())
                .element("securityGroupArn", "arn:aws:ec2:" + backend.region() + ":" + Ec2Backend.ACCOUNT
                        + ":security-group/" + g.id())
                .list("ipPermissions", "item", g.ingress(), (p, r) -> permission(p, r, g.vpcId()))
                .start("ipPermissionsEgress").start("item").element("ipProtocol", "-1").start("groups").end()
                .start("ipRanges").start("item").element("cidrIp", "0.0.0.0/0").end().end()
                .start("ipv6Ranges").end().start("prefixListIds").end().end().end()
                .write(t -> Ec2Params.tagSet(t, g.tags()));
    }

    private static void permission(XmlWriter x, IngressRule r, String vpcId) {
        x.element("ipProtocol", r.protocol());
        if (!r.protocol().equals("-1")) {
            x.element("fromPort", r.fromPort()).element("toPort", r.toPort());
        }
        x.start("groups");
        if (r.peerGroup() != null) {
            x.start("item").element("userId", Ec2Backend.ACCOUNT).element("groupId", r.peerGroup())
                    .element("vpcId", vpcId).element("description", r.description()).end();
        }
        x.end().start("ipRanges");
        if (r.cidr() != null) {
            x.start("item").element("cidrIp", r.cidr()).element("description", r.description()).end();
        }
        x.end().start("ipv6Ranges").end().start("prefixListIds").end();
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html */
    Consumer<XmlWriter> createSecurityGroup(FormBody in) {
        String name = required(in, "GroupName");
        String description = required(in, "GroupDescription");
        SecurityGroup group = backend.createGroup(name, description, in.get("VpcId"),
                Ec2Params.tags(in, "security-group"));
        return w -> w.element("return", true).element("groupId", group.id())
                .element("securityGroupArn", "arn:aws:ec2:" + backend.region() + ":" + Ec2Backend.ACCOUNT
                        + ":security-group/" + group.id())
                .write(x -> Ec2Params.tagSet(x, group.tags()));
    }

    /**
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html: by {@code GroupId}, or by
     * {@code GroupName} in the default VPC; {@code DependencyViolation} while something uses the group.
     */
    Consumer<XmlWriter> deleteSecurityGroup(FormBody in) {
        SecurityGroup group = target(in);
        backend.deleteGroup(group.id());
        return w -> w.element("return", true).element("groupId", group.id());
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html */
    Consumer<XmlWriter> authorizeIngress(FormBody in) {
        SecurityGroup group = target(in);
        List<IngressRule> rules = rules(in);
        backend.authorize(group.id(), rules);
        return w -> w.element("return", true).list("securityGroupRuleSet", "item", rules, (x, r) -> {
            x.element("securityGroupRuleId", "sgr-" + Integer.toHexString(r.hashCode() & 0x7fffffff)
                    + Integer.toHexString(group.id().hashCode() & 0xffff)).element("groupId", group.id())
                    .element("groupOwnerId", Ec2Backend.ACCOUNT).element("isEgress", false)
                    .element("ipProtocol", r.protocol()).element("fromPort", r.fromPort())
                    .element("toPort", r.toPort()).element("cidrIpv4", r.cidr()).element("description",
                            r.description());
            if (r.peerGroup() != null) {
                x.start("referencedGroupInfo").element("groupId", r.peerGroup())
                        .element("userId", Ec2Backend.ACCOUNT).end();
            }
        });
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html */
    Consumer<XmlWriter> revokeIngress(FormBody in) {
        SecurityGroup group = target(in);
        backend.revoke(group.id(), rules(in));
        return w -> w.element("return", true);
    }

    /** The group a request names by {@code GroupId}, or by {@code GroupName} in the default VPC. */
    private SecurityGroup target(FormBody in) {
        if (in.has("GroupId")) {
            return backend.group(in.get("GroupId"));
        }
        if (in.has("GroupName")) {
            return backend.groupNamed(in.get("GroupName"), null);
        }
        throw Ec2Errors.missingParameter("The request must contain the parameter groupName or groupId");
    }

    /** {@code IpPermissions.N.…}, one rule per peer; or the legacy flat form ({@code CidrIp}, {@code IpProtocol} …). */
    private static List<IngressRule> rules(FormBody in) {
        List<IngressRule> rules = new ArrayList<>();
        List<FormBody> permissions = in.structs("IpPermissions", null);
        if (permissions.isEmpty() && in.has("IpProtocol")) {
            permissions = List.of(in);
        }
        for (FormBody p : permissions) {
            String protocol = p.get("IpProtocol");
            if (protocol == null) {
                throw Ec2Errors.missingParameter("The request must contain the parameter ipProtocol");
            }
            boolean all = protocol.equals("-1");
            int from = all ? -1 : p.integer("FromPort").orElseThrow(() -> Ec2Errors.invalidParameterValue(
                    "Invalid value 'null' for fromPort. It must be specified."));
            int to = all ? -1 : p.integer("ToPort").orElseThrow(() -> Ec2Errors.invalidParameterValue(
                    "Invalid value 'null' for toPort. It must be specified."));
            List<FormBody> ranges = new ArrayList<>(p.structs("IpRanges", null));
            if (ranges.isEmpty() && p.has("CidrIp")) {
                ranges.add(p);
            }
            for (FormBody range : ranges) {
                String cidr = range.get("CidrIp");
                if (!IngressRule.validCidr(cidr)) {
                    throw Ec2Errors.invalidParameterValue("CIDR block " + cidr + " is malformed");
                }
                rules.add(new IngressRule(protocol, from, to, cidr, null, range.get("Description")));
            }
            for (FormBody peer : p.structs("Groups", null)) {
                rules.add(new IngressRule(protocol, from, to, null, required(peer, "GroupId"),
                        peer.get("Description")));
            }
        }
        if (rules.isEmpty()) {
            throw Ec2Errors.missingParameter("No IP permissions were given: IpPermissions with IpRanges or Groups");
        }
        return rules;
    }

    private static String required(FormBody in, String name) {
        return Ec2Params.required(in, name);
    }

    private static Map<String, List<String>> filters(FormBody in) {
        return Ec2Params.filters(in);
    }

    private static boolean accepts(Map<String, List<String>> filters, String name, String value) {
        return Ec2Params.accepts(filters, name, value);
    }
}
