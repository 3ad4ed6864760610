package dev.ingestrunbooks.sandbox.aws.ec2;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 model of one account and region, as far as the guides' network steps need it: the default VPC with one
 * default subnet per availability zone (three zones, with zone ids such as {@code use1-az1}), and security groups
 * with inbound rules. Each VPC has its {@code default} group, which, as in AWS, admits only traffic from its own
 * members. {@link #admitsTcp} answers the question the sandbox's network asks of an endpoint: does any inbound rule
 * of these groups let a client from this address reach this port? Thread-safe.
 */
public final class Ec2Backend {

    public static final String ACCOUNT = "123456789012";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A VPC. */
    public record Vpc(String id, String cidr, boolean isDefault) {
    }

    /** A subnet in one availability zone. */
    public record Subnet(String id, String vpcId, String cidr, String zone, String zoneId, boolean defaultForAz) {
    }

    /** An availability zone: name ({@code us-east-1a}) and id ({@code use1-az1}). */
    public record Zone(String name, String id) {
    }

    /** A security group and its inbound rules (egress is always "all traffic to anywhere" here). */
    public record SecurityGroup(String id, String name, String description, String vpcId, List<IngressRule> ingress) {
        public SecurityGroup {
            ingress = List.copyOf(ingress);
        }
    }

    private final String region;
    private final List<Zone> zones = new ArrayList<>();
    private final Vpc defaultVpc;
    private final List<Subnet> subnets = new ArrayList<>();
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();

    public Ec2Backend(String region) {
        this.region = region;
        String prefix = zoneIdPrefix(region);
        for (int i = 0; i < 3; i++) {
            zones.add(new Zone(region + (char) ('a' + i), prefix + "-az" + (i + 1)));
        }
        defaultVpc = new Vpc(id("vpc"), "172.31.0.0/16", true);
        for (int i = 0; i < zones.size(); i++) {
            subnets.add(new Subnet(id("subnet"), defaultVpc.id(), "172.31." + (16 * i) + ".0/20", zones.get(i).name(),
                    zones.get(i).id(), true));
        }
        String defaultGroup = id("sg");
        groups.put(defaultGroup, new SecurityGroup(defaultGroup, "default", "default VPC security group",
                defaultVpc.id(), List.of(new IngressRule("-1", -1, -1, null, defaultGroup, null))));
    }

    /** {@code us-east-1} → {@code use1}, {@code eu-west-1} → {@code euw1}, {@code ap-southeast-2} → {@code apse2}. */
    static String zoneIdPrefix(String region) {
        String[] parts = region.split("-");
        StringBuilder prefix = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            prefix.append(switch (p) {
                case "northeast" -> "ne";
                case "northwest" -> "nw";
                case "southeast" -> "se";
                case "southwest" -> "sw";
                default -> p.substring(0, 1);
            });
        }
        return prefix.append(parts[parts.length - 1]).toString();
    }

    /** {@code sg-} plus 17 hex digits, as AWS writes ids of VPCs, subnets and security groups. */
    private static String id(String kind) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return kind + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    public String region() {
        return region;
    }

    public synchronized List<Zone> zones() {
        return List.copyOf(zones);
    }

    public synchronized List<Vpc> vpcs() {
        return List.of(defaultVpc);
    }

    public Vpc defaultVpc() {
        return defaultVpc;
    }

    public synchronized List<Subnet> subnets() {
        return List.copyOf(subnets);
    }

    public synchronized List<SecurityGroup> securityGroups() {
        return List.copyOf(groups.values());
    }

    /** The group with this id; {@code InvalidGroup.NotFound} otherwise. */
    public synchronized SecurityGroup group(String id) {
        SecurityGroup g = groups.get(id);
        if (g == null) {
            throw Ec2Errors.groupNotFound(id);
        }
        return g;
    }

    /** The group called {@code name} in {@code vpcId} (the default VPC when null). */
    public synchronized SecurityGroup groupNamed(String name, String vpcId) {
        String vpc = vpcId == null ? defaultVpc.id() : vpcId;
        return groups.values().stream().filter(g -> g.name().equals(name) && g.vpcId().equals(vpc)).findFirst()
                .orElseThrow(() -> Ec2Errors.groupNameNotFound(name, vpc));
    }

    /** The default VPC's {@code default} group. */
    public synchronized SecurityGroup defaultGroup() {
        return groupNamed("default", defaultVpc.id());
    }

    public synchronized SecurityGroup createGroup(String name, String description, String vpcId) {
        String vpc = vpcId == null ? defaultVpc.id() : vpcId;
        if (!vpc.equals(defaultVpc.id())) {
            throw Ec2Errors.vpcNotFound(vpc);
        }
        if (groups.values().stream().anyMatch(g -> g.name().equals(name) && g.vpcId().equals(vpc))) {
            throw Ec2Errors.groupDuplicate(name, vpc);
        }
        SecurityGroup group = new SecurityGroup(id("sg"), name, description, vpc, List.of());
        groups.put(group.id(), group);
        return group;
    }

    /** Adds inbound rules; none is added when one of them exists already or appears twice. */
    public synchronized SecurityGroup authorize(String groupId, List<IngressRule> rules) {
        SecurityGroup group = group(groupId);
        for (int i = 0; i < rules.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (rules.get(i).sameAs(rules.get(j))) {
                    throw Ec2Errors.samePermissionTwice();
                }
            }
            IngressRule rule = rules.get(i);
            if (rule.peerGroup() != null) {
                group(rule.peerGroup());
            }
            Optional<IngressRule> existing = group.ingress().stream().filter(rule::sameAs).findFirst();
            if (existing.isPresent()) {
                throw Ec2Errors.permissionDuplicate(existing.get());
            }
        }
        List<IngressRule> ingress = new ArrayList<>(group.ingress());
        ingress.addAll(rules);
        return replace(group, ingress);
    }

    /** Removes inbound rules; none is removed when one of them does not exist. */
    public synchronized SecurityGroup revoke(String groupId, List<IngressRule> rules) {
        SecurityGroup group = group(groupId);
        for (IngressRule rule : rules) {
            if (group.ingress().stream().noneMatch(rule::sameAs)) {
                throw Ec2Errors.permissionNotFound();
            }
        }
        List<IngressRule> ingress = new ArrayList<>(group.ingress());
        ingress.removeIf(r -> rules.stream().anyMatch(r::sameAs));
        return replace(group, ingress);
    }

    private SecurityGroup replace(SecurityGroup group, List<IngressRule> ingress) {
        SecurityGroup updated = new SecurityGroup(group.id(), group.name(), group.description(), group.vpcId(),
                ingress);
        groups.put(group.id(), updated);
        return updated;
    }

    /** Whether an inbound CIDR rule of any of {@code groupIds} lets a TCP client from {@code address} to {@code port}. */
    public synchronized boolean admitsTcp(List<String> groupIds, InetAddress address, int port) {
        return groupIds.stream().map(groups::get).filter(java.util.Objects::nonNull)
                .flatMap(g -> g.ingress().stream()).anyMatch(r -> r.admitsTcp(address, port));
    }
}
