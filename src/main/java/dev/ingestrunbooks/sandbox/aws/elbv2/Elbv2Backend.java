package dev.ingestrunbooks.sandbox.aws.elbv2;

import dev.ingestrunbooks.net.Ipv4Cidr;
import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.BackgroundWork;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.network.ConnectionAttempt;
import dev.ingestrunbooks.sandbox.network.TcpFront;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ELBv2 model of one account and region, as far as the guides' "AWS PrivateLink" tab needs it: target groups of
 * type {@code ip} (TCP), their targets and health, network load balancers (one private IP per subnet), and TCP
 * listeners that forward to a target group. Unlike the other backends it also carries traffic: every listener of an
 * {@code active} load balancer is a real TCP forwarder, and every registered target is health checked by real TCP
 * connects.
 *
 * <p><b>Data path.</b> A load balancer gets one private IP in each of its subnets from {@link Ec2Backend} (a loopback
 * address of the VPC, so real sockets can bind it). A listener listens on the load balancer's first private IP and
 * its own port when that can be bound, else on a free port: see {@link #listenerAddress}. Each connection goes to a
 * {@code healthy} target of the listener's target group, round robin; when no target is healthy the load balancer
 * <em>fails open</em> and uses every registered target that is not draining, as AWS network load balancers do. The
 * connection to the target leaves from the load balancer's private IP in the target's zone (its first one when the
 * target is in no subnet), so a security group that admits by source address judges the load balancer; with
 * {@code preserve_client_ip.enabled=true} it leaves from the client's own address instead.
 *
 * <p><b>Health.</b> While a target group is used by a listener of an {@code active} load balancer, every
 * {@link Timings#checkInterval()} each registered target gets a TCP connect from the load balancer's private IP.
 * {@code HealthyThresholdCount} successes in a row make it {@code healthy}, {@code UnhealthyThresholdCount} failures
 * make it {@code unhealthy} ({@code Target.FailedHealthChecks}, the reason network load balancers give). The counts
 * are the group's configured ones (AWS's defaults: 5 and 2); only the interval is the sandbox's, so a target converges
 * in about a second while DescribeTargetGroups still reports AWS's 30 s. A security group that drops the load balancer
 * completes no handshake in AWS; on loopback a front that drops still accepts, so the check first asks the
 * {@link Reachability} the sandbox installs (default: everything is reachable) and counts "not admitted" as a failure
 * without connecting.
 *
 * <p><b>States.</b> A target of a group no listener uses is {@code unused}/{@code Target.NotInUse}; while the load
 * balancer provisions it is {@code initial}/{@code Elb.RegistrationInProgress}, then
 * {@code initial}/{@code Elb.InitialHealthChecking} until a threshold is reached. Deregistering a target in use makes
 * it {@code draining} for {@link Timings#deregistrationDelay()} (AWS: {@code deregistration_delay.timeout_seconds},
 * 300 s by default), then it is gone. A load balancer is {@code provisioning} for {@link Timings#provisioning()},
 * then {@code active}.
 *
 * <p>Thread-safe: every read and change takes the backend's lock; sockets are opened and closed outside it.
 * Limits: network load balancers, TCP and {@code ip} targets only; one VPC; no TLS/UDP listeners, no cross-zone
 * setting; tags only as given at creation (DescribeTags reads them; no AddTags/RemoveTags); IPv4 only; Create* with the same name and settings returns the existing resource, as AWS does.
 */
public final class Elbv2Backend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Elbv2Backend.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10");
    /** The hosted zone of network load balancers' DNS names in us-east-1 (fixed fake elsewhere). */
    static final String NLB_HOSTED_ZONE = "Z26RNL4JYFTOTI";

    /** Target health states and reasons as DescribeTargetHealth returns them. */
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    public static final String INITIAL = "initial";
    public static final String UNUSED = "unused";
    public static final String DRAINING = "draining";
    public static final String UNAVAILABLE = "unavailable";

    /**
     * How fast the sandbox's load balancers act. AWS checks every 30 s and provisions for minutes; the sandbox
     * checks every {@code checkInterval} (with {@code checkTimeout} per connect), provisions for
     * {@code provisioning} and drains for {@code deregistrationDelay}, whatever the configured values say.
     */
    public record Timings(Duration checkInterval, Duration checkTimeout, Duration provisioning,
            Duration deregistrationDelay, Duration closeTimeout) {
        public static Timings defaults() {
            return new Timings(Duration.ofMillis(150), Duration.ofMillis(1000), Duration.ofMillis(300),
                    Duration.ofMillis(300), Duration.ofSeconds(5));
        }
    }

    /**
     * Whether a health check from {@code source} would reach {@code target} past the security groups in between;
     * the sandbox answers it from the groups of whatever listens there. Called without the backend's lock.
     */
    @FunctionalInterface
    public interface Reachability {
        boolean reachable(InetAddress source, InetSocketAddress target);

        static Reachability always() {
            return (source, target) -> true;
        }
    }

    /** A target group's health check settings, as configured (and reported), not as the sandbox times them. */
    public record HealthCheck(boolean enabled, String protocol, String port, int intervalSeconds, int timeoutSeconds,
            int healthyThreshold, int unhealthyThreshold) {
        /** AWS's defaults for a TCP target group of a network load balancer. */
        public static HealthCheck tcpDefaults() {
            return new HealthCheck(true, "TCP", "traffic-port", 30, 10, 5, 2);
        }
    }

    /** A target group as DescribeTargetGroups shows it. */
    public record TargetGroup(String arn, String name, String protocol, int port, String vpcId, String targetType,
            String ipAddressType, HealthCheck healthCheck, List<String> loadBalancerArns) {
    }

    /** A target: an IPv4 address, a port and (for addresses outside the VPC's subnets) the zone given or null. */
    public record Target(String id, int port, String availabilityZone) {
    }

    /** One row of DescribeTargetHealth. {@code reason} and {@code description} are null when healthy. */
    public record TargetHealth(Target target, String healthCheckPort, String state, String reason,
            String description) {
    }

    /** A load balancer's node in one zone: the subnet and the private IP it took there. */
    public record ZoneAddress(String zone, String subnetId, String privateIp) {
    }

    /** A load balancer as DescribeLoadBalancers shows it. */
    public record LoadBalancer(String arn, String name, String dnsName, String scheme, String vpcId, String state,
            String type, List<ZoneAddress> zones, List<String> securityGroups, String ipAddressType,
            Instant createdTime) {
    }

    /** A listener as DescribeListeners shows it: one TCP port forwarding to one target group. */
    public record Listener(String arn, String loadBalancerArn, int port, String protocol, String targetGroupArn) {
    }

    /** CreateTargetGroup's input, defaults already applied by {@link #createTargetGroup}'s caller or here. */
    public record TargetGroupSpec(String name, String protocol, Integer port, String vpcId, String targetType,
            String ipAddressType, HealthCheck healthCheck) {
    }

    /** CreateLoadBalancer's input. */
    public record LoadBalancerSpec(String name, List<String> subnetIds, String scheme, String type,
            List<String> securityGroups, String ipAddressType) {
    }

    // ------------------------------------------------------------------------------------------ mutable state

    private static final class Group {
        final TargetGroup spec;
        final Map<String, TargetRegistration> targets = new LinkedHashMap<>();
        final Map<String, String> attributes = new LinkedHashMap<>();

        Group(TargetGroup spec) {
            this.spec = spec;
            attributes.put("deregistration_delay.timeout_seconds", "300");
            attributes.put("deregistration_delay.connection_termination.enabled", "false");
            attributes.put("preserve_client_ip.enabled", "false");
            attributes.put("proxy_protocol_v2.enabled", "false");
            attributes.put("stickiness.enabled", "false");
            attributes.put("stickiness.type", "source_ip");
            attributes.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
            attributes.put("target_health_state.unhealthy.connection_termination.enabled", "true");
            attributes.put("target_health_state.unhealthy.draining_interval_seconds", "0");
        }
    }

    private static final class Nlb {
        final LoadBalancerSpec spec;
        final String arn;
        final String id;
        final String vpcId;
        final List<ZoneAddress> zones;
        final Instant created = Instant.now();
        final Map<Integer, Lst> listeners = new LinkedHashMap<>();
        String state = "provisioning";

        Nlb(LoadBalancerSpec spec, String arn, String id, String vpcId, List<ZoneAddress> zones) {
            this.spec = spec;
            this.arn = arn;
            this.id = id;
            this.vpcId = vpcId;
            this.zones = zones;
        }
    }

    private static final class Lst {
        final Listener view;
        final AtomicInteger next = new AtomicInteger();
        TcpFront front;

        Lst(Listener view) {
            this.view = view;
        }
    }

    private final String region;
    private final String account;
    private final Ec2Backend ec2;
    private final Timings timings;
    private final BackgroundWork work;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Nlb> balancers = new LinkedHashMap<>();
    /** Tags by resource ARN (load balancer, target group, listener); removed with the resource. */
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private volatile Reachability reachability = Reachability.always();
    private boolean closed;

    public Elbv2Backend(String region, Ec2Backend ec2) {
        this(region, ec2, Timings.defaults());
    }

    /** Starts the health checker at once; it idles while no target group is in use. */
    public Elbv2Backend(String region, Ec2Backend ec2, Timings timings) {
        this.region = region;
        this.account = Ec2Backend.ACCOUNT;
        this.ec2 = ec2;
        this.timings = timings;
        this.work = new BackgroundWork("elbv2", timings.closeTimeout());
        work.after(timings.checkInterval(), this::tick);
    }

    public String region() {
        return region;
    }

    /** Installs the security-group view health checks consult (see the class comment). */
    public void setReachability(Reachability reachability) {
        this.reachability = Objects.requireNonNull(reachability);
    }

    private static String hex16() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String arnPrefix() {
        return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
    }

    // ------------------------------------------------------------------------------------------ target groups

    /**
     * CreateTargetGroup: type {@code ip}, protocol TCP, in an existing VPC. Creating a group with the name and settings
     * of an existing one returns that one; the same name with other settings is {@code DuplicateTargetGroupName}.
     */
    public synchronized TargetGroup createTargetGroup(TargetGroupSpec spec) {
        String name = requireName("Target group", spec.name());
        String type = spec.targetType() == null ? "instance" : spec.targetType();
        if (!type.equals("ip")) {
            throw Elbv2Errors.validation("Target type '" + type + "' is not emulated: the sandbox's target groups"
                    + " take IP addresses (TargetType=ip)"); // sandbox wording
        }
        if (spec.protocol() == null || spec.port() == null || spec.vpcId() == null) {
            throw Elbv2Errors.validation("A protocol, a port and a VPC ID must be specified for target type 'ip'");
        }
        String protocol = spec.protocol();
        if (!protocol.equals("TCP")) {
            throw Elbv2Errors.unsupportedProtocol(protocol);
        }
        requirePort("port", spec.port());
        if (ec2.vpcs().stream().noneMatch(v -> v.id().equals(spec.vpcId()))) {
            throw Elbv2Errors.validation("The VPC ID '" + spec.vpcId() + "' is not found");
        }
        String ipType = spec.ipAddressType() == null ? "ipv4" : spec.ipAddressType();
        if (!ipType.equals("ipv4")) {
            throw Elbv2Errors.validation("IP address type '" + ipType + "' is not emulated (ipv4 only)");
        }
        HealthCheck hc = spec.healthCheck() == null ? HealthCheck.tcpDefaults() : spec.healthCheck();
        if (!"TCP".equals(hc.protocol())) {
            throw Elbv2Errors.validation("Health check protocol '" + hc.protocol()
                    + "' is not emulated: the sandbox checks targets over TCP"); // sandbox wording
        }
        if (!hc.port().equals("traffic-port")) {
            try {
                requirePort("healthCheckPort", Integer.parseInt(hc.port()));
            } catch (NumberFormatException e) {
                throw Elbv2Errors.validation("Health check port '" + hc.port()
                        + "' must be 'traffic-port' or a port number");
            }
        }
        range("healthCheckIntervalSeconds", hc.intervalSeconds(), 5, 300);
        range("healthCheckTimeoutSeconds", hc.timeoutSeconds(), 2, 120);
        range("healthyThresholdCount", hc.healthyThreshold(), 2, 10);
        range("unhealthyThresholdCount", hc.unhealthyThreshold(), 2, 10);
        Optional<Group> existing = groups.values().stream().filter(g -> g.spec.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            TargetGroup e = existing.get().spec;
            if (e.protocol().equals(protocol) && e.port() == spec.port() && e.vpcId().equals(spec.vpcId())
                    && e.targetType().equals(type) && e.healthCheck().equals(hc)) {
                return view(existing.get());
            }
            throw Elbv2Errors.duplicateTargetGroupName(name);
        }
        String arn = arnPrefix() + "targetgroup/" + name + "/" + hex16();
        Group group = new Group(new TargetGroup(arn, name, protocol, spec.port(), spec.vpcId(), type, ipType, hc,
                List.of()));
        groups.put(arn, group);
        LOG.info("target group {} created ({} {} in {})", name, protocol, spec.port(), spec.vpcId());
        return view(group);
    }

    private static String requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw Elbv2Errors.validation(what + " name must be specified");
        }
        if (name.length() > 32) {
            throw Elbv2Errors.validation(what + " name '" + name + "' cannot be longer than '32' characters");
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            throw Elbv2Errors.validation(what + " name '" + name + "' cannot begin or end with '-'");
        }
        if (!NAME.matcher(name).matches()) {
            throw Elbv2Errors.validation(what + " name '" + name
                    + "' can contain only alphanumeric characters and hyphens");
        }
        return name;
    }

    private static void requirePort(String member, int port) {
        range(member, port, 1, 65535);
    }

    private static void range(String member, int value, int min, int max) {
        if (value < min || value > max) {
            throw Elbv2Errors.outOfRange(member, value, min, max);
        }
    }

    private TargetGroup view(Group g) {
        List<String> lbs = balancers.values().stream()
                .filter(lb -> lb.listeners.values().stream().anyMatch(l -> l.view.targetGroupArn().equals(g.spec.arn())))
                .map(lb -> lb.arn).toList();
        TargetGroup s = g.spec;
        return new TargetGroup(s.arn(), s.name(), s.protocol(), s.port(), s.vpcId(), s.targetType(),
                s.ipAddressType(), s.healthCheck(), lbs);
    }

    /**
     * The tags a Create* call gave (its {@code Tags} member): added to the resource's, a key given again takes the new
     * value. Fails as DescribeTags does for a resource that does not exist.
     */
    public synchronized void addTags(String arn, Map<String, String> given) {
        requireResource(arn);
        if (!given.isEmpty()) {
            tags.computeIfAbsent(arn, a -> new LinkedHashMap<>()).putAll(given);
        }
    }

    /** DescribeTags of one resource: its tags in the order given ({@code *NotFound} for an unknown ARN). */
    public synchronized Map<String, String> tags(String arn) {
        requireResource(arn);
        return new LinkedHashMap<>(tags.getOrDefault(arn, Map.of()));
    }

    private void requireResource(String arn) {
        if (arn != null && arn.contains(":targetgroup/")) {
            group(arn);
        } else if (arn != null && arn.contains(":listener/")) {
            if (balancers.values().stream().flatMap(lb -> lb.listeners.values().stream())
                    .noneMatch(l -> l.view.arn().equals(arn))) {
                throw Elbv2Errors.listenerNotFound();
            }
        } else {
            nlb(arn);
        }
    }

    private Group group(String arn) {
        Group g = arn == null ? null : groups.get(arn);
        if (g == null) {
            throw Elbv2Errors.targetGroupNotFound();
        }
        return g;
    }

    /**
     * DescribeTargetGroups: all groups, or those named by ARN or name, or those of one load balancer. Any ARN or name
     * not found is {@code TargetGroupNotFound}.
     */
    public synchronized List<TargetGroup> describeTargetGroups(String loadBalancerArn, List<String> arns,
            List<String> names) {
        if (loadBalancerArn != null) {
            nlb(loadBalancerArn);
        }
        for (String arn : arns) {
            group(arn);
        }
        for (String name : names) {
            if (groups.values().stream().noneMatch(g -> g.spec.name().equals(name))) {
                throw Elbv2Errors.targetGroupNotFound();
            }
        }
        return groups.values().stream().map(this::view)
                .filter(g -> arns.isEmpty() || arns.contains(g.arn()))
                .filter(g -> names.isEmpty() || names.contains(g.name()))
                .filter(g -> loadBalancerArn == null || g.loadBalancerArns().contains(loadBalancerArn))
                .toList();
    }

    public synchronized TargetGroup targetGroup(String arn) {
        return view(group(arn));
    }

    /** DeleteTargetGroup: refused while a listener forwards to it; deleting an unknown group succeeds. */
    public synchronized void deleteTargetGroup(String arn) {
        Group g = groups.get(arn);
        if (g == null) {
            return;
        }
        if (!view(g).loadBalancerArns().isEmpty()) {
            throw Elbv2Errors.resourceInUse(arn);
        }
        groups.remove(arn);
        tags.remove(arn);
    }

    /** DescribeTargetGroupAttributes: every attribute with its current value. */
    public synchronized Map<String, String> targetGroupAttributes(String arn) {
        return Map.copyOf(group(arn).attributes);
    }

    /**
     * ModifyTargetGroupAttributes: all or nothing. Unknown keys and values of the wrong kind are
     * {@code ValidationError}. Returns every attribute afterwards, as AWS does.
     */
    public synchronized Map<String, String> modifyTargetGroupAttributes(String arn, Map<String, String> changes) {
        Group g = group(arn);
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            String current = g.attributes.get(key);
            if (current == null) {
                throw Elbv2Errors.validation("Target group attribute key '" + key + "' is not recognized");
            }
            String value = e.getValue() == null ? "" : e.getValue();
            boolean ok = switch (current) {
                case "true", "false" -> value.equals("true") || value.equals("false");
                default -> current.chars().allMatch(Character::isDigit)
                        ? value.matches("\\d{1,4}") && Integer.parseInt(value) <= 3600
                        : !value.isEmpty();
            };
            if (!ok) {
                throw Elbv2Errors.validation("Target group attribute '" + key + "' does not accept value '" + value
                        + "'");
            }
        }
        g.attributes.putAll(changes);
        return Map.copyOf(g.attributes);
    }

    // ---------------------------------------------------------------------------------------------- targets

    /**
     * RegisterTargets: IPv4 targets, the group's port unless given. Addresses inside the VPC's subnets take the
     * subnet's zone; since every sandbox address is loopback, all of 127.0.0.0/8 counts as inside the VPC (an RDS
     * endpoint outside the VPC's subnets, such as 127.0.0.1, included). Other private addresses (RFC 1918, RFC 6598)
     * need an AvailabilityZone; publicly routable ones are {@code InvalidTarget}. All targets are checked first.
     */
    public synchronized void registerTargets(String targetGroupArn, List<Target> targets) {
        Group g = group(targetGroupArn);
        if (targets.isEmpty()) {
            throw Elbv2Errors.validation("At least one target must be specified");
        }
        List<Target> checked = targets.stream().map(t -> checkTarget(g, t, true)).toList();
        for (Target t : checked) {
            TargetRegistration existing = g.targets.get(key(t));
            if (existing == null || existing.draining) {
                g.targets.put(key(t), new TargetRegistration(t));
            }
        }
        LOG.info("registered {} with target group {}", checked, g.spec.name());
    }

    /**
     * DeregisterTargets: a target in use drains for {@link Timings#deregistrationDelay()}, then is gone; one of a
     * group no listener uses is gone at once. Deregistering a target that is not registered changes nothing.
     */
    public synchronized void deregisterTargets(String targetGroupArn, List<Target> targets) {
        Group g = group(targetGroupArn);
        if (targets.isEmpty()) {
            throw Elbv2Errors.validation("At least one target must be specified");
        }
        List<Target> checked = targets.stream().map(t -> checkTarget(g, t, false)).toList();
        boolean inUse = activeBalancer(g).isPresent();
        for (Target t : checked) {
            TargetRegistration r = g.targets.get(key(t));
            if (r == null || r.draining) {
                continue;
            }
            if (inUse) {
                r.draining = true;
                work.after(timings.deregistrationDelay(), () -> drained(g, r));
            } else {
                g.targets.remove(key(t));
            }
        }
    }

    private synchronized void drained(Group g, TargetRegistration r) {
        g.targets.remove(key(r.target), r);
    }

    private Target checkTarget(Group g, Target t, boolean registering) {
        if (t.id() == null || t.id().isEmpty()) {
            throw Elbv2Errors.validation("A target ID must be specified");
        }
        Optional<Ipv4Cidr> ip = Ipv4Cidr.parse(t.id()).filter(c -> c.bits() == 32 && !t.id().contains("/"));
        if (ip.isEmpty()) {
            throw Elbv2Errors.invalidTarget("The IP address '" + t.id() + "' is not a valid IPv4 address");
        }
        int port = t.port() > 0 ? t.port() : g.spec.port();
        requirePort("port", port);
        Optional<Ec2Backend.Subnet> subnet = subnetOf(t.id());
        String zone = subnet.map(Ec2Backend.Subnet::zone).orElse(null);
        if (subnet.isPresent() && t.availabilityZone() != null && !t.availabilityZone().equals(zone)) {
            throw Elbv2Errors.validation("The IP address '" + t.id() + "' is within the VPC, and cannot have its "
                    + "Availability Zone overridden to '" + t.availabilityZone() + "' from '" + zone + "'");
        }
        if (subnet.isEmpty() && !Ipv4Cidr.contains("127.0.0.0/8", t.id())) {
            if (PRIVATE_RANGES.stream().noneMatch(r -> Ipv4Cidr.contains(r, t.id()))) {
                throw Elbv2Errors.invalidTarget("The IP address '" + t.id() + "' is publicly routable: IP targets "
                        + "must be in the VPC or in a private range (RFC 1918, RFC 6598)"); // sandbox wording
            }
            if (registering && t.availabilityZone() == null) {
                throw Elbv2Errors.validation("The Availability Zone is required for IP address '" + t.id()
                        + "' because it is not in the VPC");
            }
            zone = t.availabilityZone();
        }
        return new Target(t.id(), port, zone);
    }

    private Optional<Ec2Backend.Subnet> subnetOf(String ip) {
        return ec2.subnets().stream().filter(s -> Ipv4Cidr.contains(s.cidr(), ip)).findFirst();
    }

    private static String key(Target t) {
        return t.id() + ":" + t.port();
    }

    /**
     * DescribeTargetHealth: every registered target, or the ones asked for (a target not registered is
     * {@code unused}/{@code Target.NotRegistered}).
     */
    public synchronized List<TargetHealth> describeTargetHealth(String targetGroupArn, List<Target> targets) {
        Group g = group(targetGroupArn);
        if (targets.isEmpty()) {
            return g.targets.values().stream().map(r -> health(g, r)).toList();
        }
        List<TargetHealth> rows = new ArrayList<>();
        for (Target asked : targets) {
            Target t = checkTarget(g, asked, false);
            TargetRegistration r = g.targets.get(key(t));
            rows.add(r != null ? health(g, r) : new TargetHealth(t, healthCheckPort(g, t), UNUSED,
                    "Target.NotRegistered", "Target is not registered to the target group"));
        }
        return rows;
    }

    private TargetHealth health(Group g, TargetRegistration r) {
        String hcPort = healthCheckPort(g, r.target);
        if (r.draining) {
            return new TargetHealth(r.target, hcPort, DRAINING, "Target.DeregistrationInProgress",
                    "Target deregistration is in progress");
        }
        Optional<Nlb> lb = balancer(g);
        if (lb.isEmpty()) {
            return new TargetHealth(r.target, hcPort, UNUSED, "Target.NotInUse",
                    "Target group is not configured to receive traffic from the load balancer");
        }
        if (!g.spec.healthCheck().enabled()) {
            return new TargetHealth(r.target, hcPort, UNAVAILABLE, "Target.HealthCheckDisabled",
                    "Health checks are disabled");
        }
        if (!lb.get().state.equals("active")) {
            return new TargetHealth(r.target, hcPort, INITIAL, "Elb.RegistrationInProgress",
                    "Target registration is in progress");
        }
        return switch (r.state) {
            case HEALTHY -> new TargetHealth(r.target, hcPort, HEALTHY, null, null);
            case UNHEALTHY -> new TargetHealth(r.target, hcPort, UNHEALTHY, "Target.FailedHealthChecks",
                    "Health checks failed");
            default -> r.reason.equals("Elb.RegistrationInProgress")
                    ? new TargetHealth(r.target, hcPort, INITIAL, r.reason, "Target registration is in progress")
                    : new TargetHealth(r.target, hcPort, INITIAL, r.reason, "Initial health checks in progress");
        };
    }

    private static String healthCheckPort(Group g, Target t) {
        String p = g.spec.healthCheck().port();
        return p.equals("traffic-port") ? String.valueOf(t.port()) : p;
    }

    /** The load balancer whose listener forwards to this group (a group serves one load balancer at most). */
    private Optional<Nlb> balancer(Group g) {
        return balancers.values().stream()
                .filter(lb -> lb.listeners.values().stream().anyMatch(l -> l.view.targetGroupArn().equals(g.spec.arn())))
                .findFirst();
    }

    private Optional<Nlb> activeBalancer(Group g) {
        return balancer(g).filter(lb -> lb.state.equals("active"));
    }

    // ----------------------------------------------------------------------------------------- load balancers

    /**
     * CreateLoadBalancer, type {@code network}: one zone per subnet (subnets in one VPC, one per zone), one private IP
     * per subnet. {@code provisioning}, then {@code active} after {@link Timings#provisioning()}.
     */
    public LoadBalancer createLoadBalancer(LoadBalancerSpec spec) {
        synchronized (this) {
            requireOpen();
            String name = requireName("Load balancer", spec.name());
            if (name.startsWith("internal-")) {
                throw Elbv2Errors.validation("Load balancer name '" + name + "' cannot begin with 'internal-'");
            }
            String type = spec.type() == null ? "application" : spec.type();
            if (!type.equals("network")) {
                throw Elbv2Errors.invalidConfiguration("Load balancer type '" + type
                        + "' is not emulated: the sandbox runs network load balancers (Type=network)"); // sandbox
            }
            String scheme = spec.scheme() == null ? "internet-facing" : spec.scheme();
            if (!scheme.equals("internet-facing") && !scheme.equals("internal")) {
                throw Elbv2Errors.validation("Scheme '" + scheme + "' must be 'internet-facing' or 'internal'");
            }
            String ipType = spec.ipAddressType() == null ? "ipv4" : spec.ipAddressType();
            if (!ipType.equals("ipv4")) {
                throw Elbv2Errors.validation("IP address type '" + ipType + "' is not emulated (ipv4 only)");
            }
            if (spec.subnetIds().isEmpty()) {
                throw Elbv2Errors.validation("At least one subnet must be specified");
            }
            List<Ec2Backend.Subnet> all = ec2.subnets();
            List<Ec2Backend.Subnet> subnets = new ArrayList<>();
            for (String id : new LinkedHashSet<>(spec.subnetIds())) {
                subnets.add(all.stream().filter(s -> s.id().equals(id)).findFirst()
                        .orElseThrow(() -> Elbv2Errors.subnetNotFound(id)));
            }
            if (subnets.stream().map(Ec2Backend.Subnet::zone).distinct().count() < subnets.size()) {
                throw Elbv2Errors.invalidConfiguration(
                        "A load balancer cannot be attached to multiple subnets in the same Availability Zone");
            }
            if (subnets.stream().map(Ec2Backend.Subnet::vpcId).distinct().count() > 1) {
                throw Elbv2Errors.invalidConfiguration("The subnets of a load balancer must be in the same VPC");
            }
            for (String sg : spec.securityGroups()) {
                try {
                    ec2.group(sg);
                } catch (AwsException e) {
                    throw Elbv2Errors.invalidSecurityGroup(sg);
                }
            }
            LoadBalancerSpec normalized = new LoadBalancerSpec(name, subnets.stream().map(Ec2Backend.Subnet::id)
                    .toList(), scheme, type, List.copyOf(spec.securityGroups()), ipType);
            Optional<Nlb> existing = balancers.values().stream().filter(lb -> lb.spec.name().equals(name))
                    .findFirst();
            if (existing.isPresent()) {
                if (existing.get().spec.equals(normalized)) {
                    return view(existing.get());
                }
                throw Elbv2Errors.duplicateLoadBalancerName(name);
            }
            List<ZoneAddress> zones = new ArrayList<>();
            try {
                for (Ec2Backend.Subnet s : subnets) {
                    zones.add(new ZoneAddress(s.zone(), s.id(), ec2.allocatePrivateIp(s.id())));
                }
            } catch (AwsException e) {
                zones.forEach(z -> ec2.releasePrivateIp(z.subnetId(), z.privateIp()));
                throw Elbv2Errors.invalidConfiguration("Not enough free IP addresses in the subnets: "
                        + e.getMessage());
            }
            String id = hex16();
            Nlb lb = new Nlb(normalized, arnPrefix() + "loadbalancer/net/" + name + "/" + id, id,
                    subnets.get(0).vpcId(), List.copyOf(zones));
            balancers.put(lb.arn, lb);
            work.after(timings.provisioning(), () -> activate(lb));
            LOG.info("network load balancer {} provisioning in {} ({})", name, normalized.subnetIds(),
                    zones.stream().map(ZoneAddress::privateIp).toList());
            return view(lb);
        }
    }

    private void activate(Nlb lb) {
        synchronized (this) {
            if (closed || balancers.get(lb.arn) != lb || !lb.state.equals("provisioning")) {
                return;
            }
            lb.state = "active";
            lb.listeners.values().forEach(l -> startFront(lb, l));
            LOG.info("network load balancer {} active", lb.spec.name());
        }
    }

    private LoadBalancer view(Nlb lb) {
        return new LoadBalancer(lb.arn, lb.spec.name(), lb.spec.name() + "-" + lb.id + ".elb." + region
                + ".amazonaws.com", lb.spec.scheme(), lb.vpcId, lb.state, lb.spec.type(), lb.zones,
                lb.spec.securityGroups(), lb.spec.ipAddressType(), lb.created);
    }

    private Nlb nlb(String arn) {
        Nlb lb = arn == null ? null : balancers.get(arn);
        if (lb == null) {
            throw Elbv2Errors.loadBalancerNotFound(arn);
        }
        return lb;
    }

    public synchronized LoadBalancer loadBalancer(String arn) {
        return view(nlb(arn));
    }

    /** DescribeLoadBalancers: all, or those named by ARN or name; any not found is {@code LoadBalancerNotFound}. */
    public synchronized List<LoadBalancer> describeLoadBalancers(List<String> arns, List<String> names) {
        List<String> missing = new ArrayList<>(arns.stream().filter(a -> !balancers.containsKey(a)).toList());
        missing.addAll(names.stream().filter(n -> balancers.values().stream().noneMatch(lb -> lb.spec.name()
                .equals(n))).toList());
        if (!missing.isEmpty()) {
            throw Elbv2Errors.loadBalancersNotFound(missing);
        }
        return balancers.values().stream().filter(lb -> arns.isEmpty() || arns.contains(lb.arn))
                .filter(lb -> names.isEmpty() || names.contains(lb.spec.name())).map(this::view).toList();
    }

    /**
     * DeleteLoadBalancer: its listeners stop at once and its private IPs go back to the subnets; its target groups
     * stay, their targets {@code unused}. Deleting an unknown load balancer succeeds, as in AWS.
     */
    public void deleteLoadBalancer(String arn) {
        List<TcpFront> fronts = new ArrayList<>();
        synchronized (this) {
            Nlb lb = balancers.remove(arn);
            if (lb == null) {
                return;
            }
            lb.state = "deleted";
            tags.remove(arn);
            lb.listeners.values().forEach(l -> {
                tags.remove(l.view.arn());
                resetHealth(l.view.targetGroupArn());
                if (l.front != null) {
                    fronts.add(l.front);
                }
            });
            lb.zones.forEach(z -> ec2.releasePrivateIp(z.subnetId(), z.privateIp()));
            LOG.info("network load balancer {} deleted", lb.spec.name());
        }
        fronts.forEach(TcpFront::close);
    }

    private void resetHealth(String targetGroupArn) {
        Group g = groups.get(targetGroupArn);
        if (g != null) {
            g.targets.values().forEach(TargetRegistration::reset);
        }
    }

    // ---------------------------------------------------------------------------------------------- listeners

    /**
     * CreateListener: TCP on {@code port}, forwarding to one TCP target group of the load balancer's VPC that no other
     * load balancer uses. The same port with the same settings returns the existing listener.
     */
    public synchronized Listener createListener(String loadBalancerArn, String protocol, Integer port,
            String targetGroupArn) {
        Nlb lb = nlb(loadBalancerArn);
        if (protocol == null || port == null) {
            throw Elbv2Errors.validation("A protocol and a port must be specified for a network load balancer "
                    + "listener");
        }
        if (!protocol.equals("TCP")) {
            throw Elbv2Errors.unsupportedProtocol(protocol);
        }
        requirePort("port", port);
        if (targetGroupArn == null) {
            throw Elbv2Errors.validation("A default action of type 'forward' with a target group must be specified");
        }
        Group g = group(targetGroupArn);
        if (!g.spec.protocol().equals(protocol)) {
            throw Elbv2Errors.incompatibleProtocols("The listener protocol '" + protocol
                    + "' is not compatible with target group protocol '" + g.spec.protocol() + "'");
        }
        if (!g.spec.vpcId().equals(lb.vpcId)) {
            throw Elbv2Errors.invalidConfiguration("The target group '" + targetGroupArn
                    + "' is in another VPC than the load balancer");
        }
        Optional<Nlb> other = balancer(g).filter(o -> o != lb);
        if (other.isPresent()) {
            throw Elbv2Errors.targetGroupAssociationLimit(targetGroupArn);
        }
        Lst existing = lb.listeners.get(port);
        if (existing != null) {
            if (existing.view.targetGroupArn().equals(targetGroupArn)) {
                return existing.view;
            }
            throw Elbv2Errors.duplicateListener(loadBalancerArn, port);
        }
        boolean groupWasIdle = balancer(g).isEmpty();
        Lst l = new Lst(new Listener(arnPrefix() + "listener/net/" + lb.spec.name() + "/" + lb.id + "/" + hex16(),
                lb.arn, port, protocol, targetGroupArn));
        lb.listeners.put(port, l);
        if (groupWasIdle) {
            resetHealth(targetGroupArn);
        }
        if (lb.state.equals("active")) {
            startFront(lb, l);
        }
        return l.view;
    }

    /** DescribeListeners of a load balancer, or by ARN ({@code ListenerNotFound} for any unknown). */
    public synchronized List<Listener> describeListeners(String loadBalancerArn, List<String> listenerArns) {
        if (loadBalancerArn == null && listenerArns.isEmpty()) {
            throw Elbv2Errors.validation("You must specify either listener ARNs or a load balancer ARN");
        }
        List<Listener> all = loadBalancerArn != null
                ? nlb(loadBalancerArn).listeners.values().stream().map(l -> l.view).toList()
                : balancers.values().stream().flatMap(lb -> lb.listeners.values().stream()).map(l -> l.view).toList();
        for (String arn : listenerArns) {
            if (all.stream().noneMatch(l -> l.arn().equals(arn))) {
                throw Elbv2Errors.listenerNotFound();
            }
        }
        return all.stream().filter(l -> listenerArns.isEmpty() || listenerArns.contains(l.arn())).toList();
    }

    /** DeleteListener: its forwarder stops; its target group's targets become {@code unused}. */
    public void deleteListener(String listenerArn) {
        TcpFront front;
        synchronized (this) {
            Nlb lb = balancers.values().stream().filter(b -> b.listeners.values().stream()
                    .anyMatch(l -> l.view.arn().equals(listenerArn))).findFirst()
                    .orElseThrow(Elbv2Errors::listenerNotFound);
            Lst l = lb.listeners.values().stream().filter(x -> x.view.arn().equals(listenerArn)).findFirst()
                    .orElseThrow();
            lb.listeners.remove(l.view.port());
            tags.remove(listenerArn);
            resetHealth(l.view.targetGroupArn());
            front = l.front;
        }
        if (front != null) {
            front.close();
        }
    }

    /**
     * Where the listener on {@code listenerPort} of {@code loadBalancerArn} really accepts connections: the load
     * balancer's first private IP and the listener's port, or, when that port cannot be bound there (taken, or below
     * 1024 without root), a free port chosen by the system. Empty while the load balancer provisions, or when there is
     * no such listener. In AWS a client resolves the load balancer's DNS name and uses the listener port; the
     * sandbox's wiring uses this address instead.
     */
    public synchronized Optional<InetSocketAddress> listenerAddress(String loadBalancerArn, int listenerPort) {
        Nlb lb = balancers.get(loadBalancerArn);
        Lst l = lb == null ? null : lb.listeners.get(listenerPort);
        return l == null || l.front == null ? Optional.empty() : Optional.of(l.front.endpoint());
    }

    /** Caller holds the lock. Binds the listener port on the first private IP, else any free port there. */
    private void startFront(Nlb lb, Lst l) {
        if (l.front != null || closed) {
            return;
        }
        String address = lb.zones.get(0).privateIp();
        String name = lb.spec.name() + ":" + l.view.port();
        TcpFront.Router router = attempt -> route(l, attempt);
        try {
            l.front = TcpFront.builder(name).router(router).bindAddress(address).bindPort(l.view.port()).start();
        } catch (UncheckedIOException e) {
            LOG.info("listener {} cannot bind {}:{} ({}); using a free port", name, address, l.view.port(),
                    e.getCause().toString());
            l.front = TcpFront.builder(name).router(router).bindAddress(address).bindPort(0).start();
        }
    }

    /**
     * One connection's route: a healthy target, round robin; none healthy: every registered target that is not
     * draining (fail open); from the load balancer's private IP in the target's zone, or the client's address when
     * the group preserves client IPs.
     */
    private synchronized Optional<TcpFront.Route> route(Lst l, ConnectionAttempt attempt) {
        Group g = groups.get(l.view.targetGroupArn());
        Nlb lb = balancers.get(l.view.loadBalancerArn());
        if (g == null || lb == null) {
            return Optional.empty();
        }
        List<TargetRegistration> live = g.targets.values().stream().filter(r -> !r.draining).toList();
        List<TargetRegistration> healthy = live.stream().filter(r -> r.state.equals(HEALTHY)).toList();
        List<TargetRegistration> pool = healthy.isEmpty() ? live : healthy;
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        TargetRegistration r = pool.get(Math.floorMod(l.next.getAndIncrement(), pool.size()));
        InetAddress source = "true".equals(g.attributes.get("preserve_client_ip.enabled"))
                ? attempt.source().getAddress()
                : address(sourceIp(lb, r.target));
        return Optional.of(new TcpFront.Route(new InetSocketAddress(address(r.target.id()), r.target.port()),
                source));
    }

    /** The load balancer's private IP in the target's zone, or its first one. */
    private static String sourceIp(Nlb lb, Target t) {
        return lb.zones.stream().filter(z -> z.zone().equals(t.availabilityZone())).findFirst()
                .orElse(lb.zones.get(0)).privateIp();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + ip, e);
        }
    }

    // ------------------------------------------------------------------------------------------ health checks

    private record Check(Group group, TargetRegistration registration, InetAddress source, InetSocketAddress target) {
    }

    /** One round: snapshot the checks under the lock, connect outside it, record under it, schedule the next. */
    private void tick() {
        List<Check> checks = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (Group g : groups.values()) {
                Optional<Nlb> lb = activeBalancer(g);
                if (lb.isEmpty() || !g.spec.healthCheck().enabled()) {
                    continue;
                }
                for (TargetRegistration r : g.targets.values()) {
                    if (!r.draining) {
                        int port = Integer.parseInt(healthCheckPort(g, r.target));
                        checks.add(new Check(g, r, address(sourceIp(lb.get(), r.target)),
                                new InetSocketAddress(address(r.target.id()), port)));
                    }
                }
            }
        }
        if (checks.isEmpty()) {
            work.after(timings.checkInterval(), this::tick);
            return;
        }
        try {
            work.execute(() -> {
            try {
                List<Boolean> results = checks.stream().map(this::passes).toList();
                synchronized (this) {
                    for (int i = 0; i < checks.size(); i++) {
                        record(checks.get(i), results.get(i));
                    }
                }
                } finally {
                    work.after(timings.checkInterval(), this::tick);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("health checks stopped: the backend is closing");
        }
    }

    private boolean passes(Check c) {
        if (!reachability.reachable(c.source(), c.target())) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(c.source(), 0));
            s.connect(c.target(), (int) timings.checkTimeout().toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void record(Check c, boolean ok) {
        TargetRegistration r = c.registration();
        if (c.group().targets.get(key(r.target)) != r || r.draining || activeBalancer(c.group()).isEmpty()) {
            return;
        }
        HealthCheck hc = c.group().spec.healthCheck();
        if (r.record(ok, hc.healthyThreshold(), hc.unhealthyThreshold())) {
            LOG.info("target {}:{} of {} is {}", r.target.id(), r.target.port(), c.group().spec.name(), r.state);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the ELBv2 backend is closed");
        }
    }

    /** Stops the health checks and every listener; gives the load balancers' private IPs back. */
    @Override
    public void close() {
        List<TcpFront> fronts = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Nlb lb : balancers.values()) {
                lb.listeners.values().stream().map(l -> l.front).filter(Objects::nonNull).forEach(fronts::add);
                lb.zones.forEach(z -> ec2.releasePrivateIp(z.subnetId(), z.privateIp()));
            }
        }
        fronts.forEach(TcpFront::close);
        work.close();
    }
}
