package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.BackgroundWork;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC2 model of one account and region, as far as the guides' network steps need it: the default VPC with one
 * default subnet per availability zone (three zones, with zone ids such as {@code use1-az1}); security groups with
 * inbound rules; imported key pairs; instances with their lifecycle; Elastic IP addresses. Each VPC has its
 * {@code default} group, which, as in AWS, admits only traffic from its own members. {@link #admitsTcp} answers the
 * question the sandbox's network asks of an endpoint: does any inbound rule of these groups let a client from this
 * address reach this port?
 *
 * <p><b>Addresses are loopback addresses</b>, so that the sandbox can bind real sockets to them (on Linux all of
 * 127.0.0.0/8 is loopback): the default VPC is {@value #VPC_CIDR} with subnets {@code 127.31.0.0/20},
 * {@code 127.31.16.0/20}, {@code 127.31.32.0/20} (AWS's default-VPC layout with 172 replaced by 127); an instance's
 * private IP is the next free one of its subnet from the fifth address on ({@code 127.31.0.4}, as AWS reserves the
 * first four); its automatic public IP comes from {@value #PUBLIC_IP_POOL} and Elastic IPs from
 * {@value #ELASTIC_IP_POOL}, both outside the VPC. Nothing is ever handed out in 127.0.0.0/24, where the admin
 * workstation (127.0.0.1) and Materialize's egress address (127.0.0.2) live.
 *
 * <p><b>Lifecycle</b>: RunInstances gives {@code pending}, which becomes {@code running} after
 * {@link Timings#pending()}; TerminateInstances gives {@code shutting-down}, then {@code terminated} after
 * {@link Timings#shuttingDown()}. Delayed transitions run on {@link BackgroundWork}, as RDS's do, and re-check the
 * state they expect. {@link InstanceListener}s hear about them outside the lock.
 *
 * <p><b>VPC endpoint services</b> (PrivateLink) are kept by {@link EndpointServices}, with its own lock, and reached
 * through the methods of this class: the provider's operations, the consumer's {@link #requestEndpoint}, the
 * {@link LoadBalancerDirectory} for NLBs and {@link EndpointConnectionListener}s.
 *
 * <p>Thread-safe: every read and change takes the backend's lock. Limits: one (default) VPC; no
 * Stop/Start/Reboot; terminated instances stay listed; no network interfaces of their own (each instance has one
 * implicit primary interface); key pairs are import-only (no CreateKeyPair).
 */
public final class Ec2Backend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Backend.class);
    public static final String ACCOUNT = "123456789012";
    /** The default VPC's CIDR block. */
    public static final String VPC_CIDR = "127.31.0.0/16";
    /** Where automatic public IPs (MapPublicIpOnLaunch) come from. */
    public static final String PUBLIC_IP_POOL = "127.200.0.0/16";
    /** Where Elastic IPs come from. */
    public static final String ELASTIC_IP_POOL = "127.201.0.0/16";
    /** RunInstances launches at most this many instances per call (AWS's limits are per account and type). */
    static final int INSTANCE_LIMIT = 20;
    /** AWS's default Elastic IP quota per region. */
    static final int ADDRESS_LIMIT = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");

    /** How long the emulated instance transitions take; AWS takes tens of seconds, tests want milliseconds. */
    public record Timings(Duration pending, Duration shuttingDown, Duration closeTimeout) {
        public static Timings defaults() {
            return new Timings(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

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
    public record SecurityGroup(String id, String name, String description, String vpcId, List<IngressRule> ingress,
            Map<String, String> tags) {
        public SecurityGroup {
            ingress = List.copyOf(ingress);
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        /** A group without tags. */
        public SecurityGroup(String id, String name, String description, String vpcId, List<IngressRule> ingress) {
            this(id, name, description, vpcId, ingress, Map.of());
        }
    }

    /** One instance's state change, as TerminateInstances reports it. */
    public record StateChange(String instanceId, InstanceState previous, InstanceState current) {
    }

    /**
     * An instance with what only DescribeInstances shows: its reservation, its primary network interface, its launch
     * index, its zone, why its state last changed (empty while it runs).
     */
    record InstanceRow(Instance instance, String reservationId, String networkInterfaceId, int launchIndex,
            Subnet subnet, String transitionReason) {
    }

    /** One instance's mutable state; {@link #view()} is what leaves the backend. */
    private static final class Vm {
        final String id;
        final String reservationId;
        final String imageId;
        final String instanceType;
        final Subnet subnet;
        final List<String> groupIds;
        final String keyName;
        final Map<String, String> tags;
        final Instant launchTime;
        final int launchIndex;
        final String networkInterfaceId;
        final String privateIp;
        InstanceState state = InstanceState.PENDING;
        String publicIp;
        boolean publicIpFromPool;
        String transitionReason = "";

        Vm(String id, String reservationId, LaunchRequest request, String instanceType, Subnet subnet,
                List<String> groupIds, int launchIndex, String privateIp, Instant launchTime) {
            this.id = id;
            this.reservationId = reservationId;
            this.imageId = request.imageId();
            this.instanceType = instanceType;
            this.subnet = subnet;
            this.groupIds = groupIds;
            this.keyName = request.keyName();
            this.tags = request.tags();
            this.launchIndex = launchIndex;
            this.networkInterfaceId = id("eni");
            this.privateIp = privateIp;
            this.launchTime = launchTime;
        }

        Instance view() {
            return new Instance(id, imageId, instanceType, state, privateIp, publicIp, subnet.id(), subnet.vpcId(),
                    groupIds, keyName, tags, launchTime);
        }

        InstanceRow row() {
            return new InstanceRow(view(), reservationId, networkInterfaceId, launchIndex, subnet, transitionReason);
        }
    }

    /** One Elastic IP's mutable state. */
    private static final class Eip {
        final String allocationId = id("eipalloc");
        final String publicIp;
        final Map<String, String> tags;
        String instanceId;
        String associationId;

        Eip(String publicIp, Map<String, String> tags) {
            this.publicIp = publicIp;
            this.tags = tags;
        }

        ElasticAddress view(Map<String, Vm> vms) {
            Vm vm = instanceId == null ? null : vms.get(instanceId);
            return new ElasticAddress(allocationId, publicIp, instanceId, associationId,
                    vm == null ? null : vm.networkInterfaceId, vm == null ? null : vm.privateIp, tags);
        }
    }

    private final String region;
    private final Timings timings;
    private final BackgroundWork work;
    private final List<Zone> zones = new ArrayList<>();
    private final Vpc defaultVpc;
    private final List<Subnet> subnets = new ArrayList<>();
    private final Map<String, AddressPool> subnetPools = new HashMap<>();
    private final AddressPool publicPool = new AddressPool(PUBLIC_IP_POOL, 1, 1, true);
    private final AddressPool elasticPool = new AddressPool(ELASTIC_IP_POOL, 1, 1, true);
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    private final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final Map<String, Eip> eips = new LinkedHashMap<>();
    private final Set<String> endedAssociations = new HashSet<>();
    private final EndpointServices endpointServices;
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Consumer<InstanceListener>> events = new ConcurrentLinkedQueue<>();
    private final Object delivery = new Object();
    private boolean delivering; // guarded by delivery

    public Ec2Backend(String region) {
        this(region, Timings.defaults());
    }

    public Ec2Backend(String region, Timings timings) {
        this.region = region;
        this.timings = timings;
        this.work = new BackgroundWork("ec2", timings.closeTimeout());
        String prefix = zoneIdPrefix(region);
        for (int i = 0; i < 3; i++) {
            zones.add(new Zone(region + (char) ('a' + i), prefix + "-az" + (i + 1)));
        }
        defaultVpc = new Vpc(id("vpc"), VPC_CIDR, true);
        for (int i = 0; i < zones.size(); i++) {
            Subnet subnet = new Subnet(id("subnet"), defaultVpc.id(), "127.31." + (16 * i) + ".0/20",
                    zones.get(i).name(), zones.get(i).id(), true);
            subnets.add(subnet);
            subnetPools.put(subnet.id(), new AddressPool(subnet.cidr(), 4, 1, false));
        }
        String defaultGroup = id("sg");
        groups.put(defaultGroup, new SecurityGroup(defaultGroup, "default", "default VPC security group",
                defaultVpc.id(), List.of(new IngressRule("-1", -1, -1, null, defaultGroup, null))));
        endpointServices = new EndpointServices(region, zones, timings.pending(), work);
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

    /**
     * {@code <kind>-} plus 17 hex digits, as AWS writes ids of VPCs, subnets, security groups, instances
     * ({@code i-}), reservations ({@code r-}), key pairs ({@code key-}), network interfaces ({@code eni-}) and Elastic
     * IP allocations and associations ({@code eipalloc-}, {@code eipassoc-}).
     */
    static String id(String kind) {
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
        return createGroup(name, description, vpcId, Map.of());
    }

    /** CreateSecurityGroup with the tags of its {@code security-group} TagSpecification. */
    public synchronized SecurityGroup createGroup(String name, String description, String vpcId,
            Map<String, String> tags) {
        String vpc = vpcId == null ? defaultVpc.id() : vpcId;
        if (!vpc.equals(defaultVpc.id())) {
            throw Ec2Errors.vpcNotFound(vpc);
        }
        if (groups.values().stream().anyMatch(g -> g.name().equals(name) && g.vpcId().equals(vpc))) {
            throw Ec2Errors.groupDuplicate(name, vpc);
        }
        SecurityGroup group = new SecurityGroup(id("sg"), name, description, vpc, List.of(), tags);
        groups.put(group.id(), group);
        return group;
    }

    /**
     * DeleteSecurityGroup, refused as AWS refuses it: the VPC's {@code default} group ({@code CannotDelete}); a group
     * an instance that is not {@code terminated} uses, or that an inbound rule of another group names
     * ({@code DependencyViolation}, whose text does not say which object depends on it). Rules the group has itself
     * go with it. Limits: dependents the EC2 model does not know (a database's or a load balancer's network
     * interfaces) do not block the deletion.
     */
    public synchronized void deleteGroup(String groupId) {
        SecurityGroup group = group(groupId);
        if (group.name().equals("default")) {
            throw Ec2Errors.cannotDeleteDefaultGroup(group.id());
        }
        boolean usedByInstance = vms.values().stream().map(Vm::view)
                .anyMatch(i -> i.state() != InstanceState.TERMINATED && i.groupIds().contains(group.id()));
        boolean referenced = groups.values().stream().filter(g -> !g.id().equals(group.id()))
                .flatMap(g -> g.ingress().stream()).anyMatch(r -> group.id().equals(r.peerGroup()));
        if (usedByInstance || referenced) {
            throw Ec2Errors.groupDependencyViolation(group.id());
        }
        groups.remove(group.id());
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
                ingress, group.tags());
        groups.put(group.id(), updated);
        return updated;
    }

    /**
     * Whether an inbound rule of any of {@code groupIds} lets a TCP client from {@code address} reach {@code port}: a
     * CIDR rule that contains the address, or a peer-group rule whose group has a {@code running} instance with that
     * private IP (how "the database's group admits the bastion's group" works in AWS; a group reference matches
     * private addresses only, never public ones).
     */
    public synchronized boolean admitsTcp(List<String> groupIds, InetAddress address, int port) {
        String ip = address.getAddress().length == 4 ? address.getHostAddress() : null;
        return groupIds.stream().map(groups::get).filter(Objects::nonNull).flatMap(g -> g.ingress().stream())
                .anyMatch(r -> r.admitsTcp(address, port)
                        || r.peerGroup() != null && ip != null && r.coversTcp(port) && hasRunningMember(r.peerGroup(), ip));
    }

    private boolean hasRunningMember(String groupId, String privateIp) {
        return vms.values().stream().anyMatch(vm -> vm.state == InstanceState.RUNNING && vm.privateIp.equals(privateIp)
                && vm.groupIds.contains(groupId));
    }

    // --------------------------------------------------------------------------- addresses of other services

    /**
     * Takes the next free private IP of {@code subnetId} for a network interface that belongs to no instance (in AWS:
     * a requester-managed interface, e.g. a network load balancer's node in that subnet), so that it never collides
     * with an instance's address. Errors: {@code InvalidSubnetID.NotFound}; a full subnet gives
     * {@code InsufficientFreeAddressesInSubnet}. Give it back with {@link #releasePrivateIp}.
     */
    public synchronized String allocatePrivateIp(String subnetId) {
        AddressPool pool = subnetPools.get(subnetId);
        if (pool == null) {
            throw Ec2Errors.subnetNotFound(subnetId);
        }
        return pool.take().orElseThrow(() -> Ec2Errors.subnetFull(subnetId));
    }

    /** Gives back an address taken with {@link #allocatePrivateIp}; unknown subnets and addresses are ignored. */
    public synchronized void releasePrivateIp(String subnetId, String ip) {
        AddressPool pool = subnetPools.get(subnetId);
        if (pool != null) {
            pool.release(ip);
        }
    }

    // ---------------------------------------------------------------------------------------------- key pairs

    /**
     * ImportKeyPair: {@code material} is the OpenSSH public key line as bytes (the SDK base64-encodes it on the
     * wire). Errors: {@code InvalidKeyPair.Duplicate}, {@code InvalidKey.Format}.
     */
    public synchronized KeyPair importKeyPair(String name, byte[] material, Map<String, String> tags) {
        if (keyPairs.containsKey(name)) {
            throw Ec2Errors.keyPairDuplicate(name);
        }
        OpenSshPublicKey key = OpenSshPublicKey.parse(material).orElseThrow(Ec2Errors::keyFormat);
        KeyPair pair = new KeyPair(id("key"), name, key.type(), key.fingerprint(), key.line(), Instant.now(), tags);
        keyPairs.put(name, pair);
        return pair;
    }

    public synchronized List<KeyPair> keyPairs() {
        return List.copyOf(keyPairs.values());
    }

    /** The key pair called {@code name} (its {@link KeyPair#publicKey()} is the line imported); else NotFound. */
    public synchronized KeyPair keyPair(String name) {
        KeyPair pair = keyPairs.get(name);
        if (pair == null) {
            throw Ec2Errors.keyPairNotFound(name);
        }
        return pair;
    }

    /** The key pair with id {@code keyPairId}; {@code InvalidKeyPair.NotFound} otherwise. */
    public synchronized KeyPair keyPairById(String keyPairId) {
        return keyPairs.values().stream().filter(k -> k.id().equals(keyPairId)).findFirst()
                .orElseThrow(() -> Ec2Errors.keyPairNotFound(keyPairId));
    }

    /** DeleteKeyPair by name: idempotent, as in AWS (deleting an absent name succeeds). */
    public synchronized Optional<KeyPair> deleteKeyPair(String name) {
        return Optional.ofNullable(keyPairs.remove(name));
    }

    /** DeleteKeyPair by id; an unknown id is {@code InvalidKeyPair.NotFound}. */
    public synchronized KeyPair deleteKeyPairById(String keyPairId) {
        KeyPair pair = keyPairById(keyPairId);
        keyPairs.remove(pair.name());
        return pair;
    }

    // ---------------------------------------------------------------------------------------------- instances

    /**
     * RunInstances: validates the request as AWS does (counts, image id, instance type, subnet, groups, key pair),
     * then launches {@code min(maxCount, 20)} instances, {@code pending}, each with the next private IP of its subnet
     * and, in a default subnet, a public IP. They become {@code running} after {@link Timings#pending()}.
     */
    public Reservation runInstances(LaunchRequest request) {
        List<InstanceRow> rows = launch(request);
        return new Reservation(rows.get(0).reservationId(), rows.stream().map(InstanceRow::instance).toList());
    }

    /** RunInstances, answered with the rows as launched (still {@code pending}). */
    synchronized List<InstanceRow> launch(LaunchRequest request) {
        if (request.minCount() < 1) {
            throw Ec2Errors.invalidParameterValue("Value (" + request.minCount()
                    + ") for parameter minCount is invalid. Expected a positive integer.");
        }
        if (request.maxCount() < request.minCount()) {
            throw Ec2Errors.invalidParameterValue("Value (" + request.maxCount()
                    + ") for parameter maxCount is invalid. Expected a value greater than or equal to minCount.");
        }
        if (request.imageId() == null || request.imageId().isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter ImageId");
        }
        if (!IMAGE_ID.matcher(request.imageId()).matches()) {
            throw Ec2Errors.amiMalformed(request.imageId());
        }
        String type = request.instanceType() == null ? "m1.small" : request.instanceType();
        if (!INSTANCE_TYPE.matcher(type).matches()) {
            throw Ec2Errors.invalidParameterValue("Invalid value '" + type + "' for InstanceType.");
        }
        Subnet subnet = request.subnetId() == null ? subnets.get(0) : subnets.stream()
                .filter(x -> x.id().equals(request.subnetId())).findFirst()
                .orElseThrow(() -> Ec2Errors.subnetNotFound(request.subnetId()));
        List<String> groupIds = request.groupIds().isEmpty() ? List.of(defaultGroup().id()) : request.groupIds();
        for (String g : groupIds) {
            SecurityGroup group = group(g);
            if (!group.vpcId().equals(subnet.vpcId())) {
                throw Ec2Errors.invalidParameter("Security group " + g + " and subnet " + subnet.id()
                        + " belong to different networks.");
            }
        }
        if (request.keyName() != null) {
            keyPair(request.keyName());
        }
        if (request.minCount() > INSTANCE_LIMIT) {
            throw Ec2Errors.instanceLimitExceeded(request.minCount(), INSTANCE_LIMIT);
        }
        int count = Math.min(request.maxCount(), INSTANCE_LIMIT);
        AddressPool pool = subnetPools.get(subnet.id());
        List<String> privateIps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<String> ip = pool.take();
            if (ip.isEmpty()) {
                if (privateIps.size() >= request.minCount()) {
                    break;
                }
                privateIps.forEach(pool::release);
                throw Ec2Errors.subnetFull(subnet.id());
            }
            privateIps.add(ip.get());
        }
        String reservationId = id("r");
        Instant now = Instant.now();
        List<InstanceRow> launched = new ArrayList<>();
        for (int i = 0; i < privateIps.size(); i++) {
            Vm vm = new Vm(id("i"), reservationId, request, type, subnet, List.copyOf(groupIds), i,
                    privateIps.get(i), now);
            if (subnet.defaultForAz()) {
                vm.publicIp = publicPool.take().orElse(null);
                vm.publicIpFromPool = vm.publicIp != null;
            }
            vms.put(vm.id, vm);
            launched.add(vm.row());
            work.after(timings.pending(), () -> transition(vm, InstanceState.PENDING, InstanceState.RUNNING));
        }
        LOG.info("launched {} in {} ({})", launched.stream().map(r -> r.instance().id()).toList(), subnet.id(),
                privateIps);
        return launched;
    }

    /** A timed transition: {@code from} → {@code to} if the instance is still {@code from}; listeners hear of it. */
    private void transition(Vm vm, InstanceState from, InstanceState to) {
        try {
            synchronized (this) {
                if (vm.state != from || vms.get(vm.id) != vm) {
                    return;
                }
                vm.state = to;
                if (to == InstanceState.RUNNING) {
                    Instance view = vm.view();
                    events.add(l -> l.running(view));
                } else if (to == InstanceState.TERMINATED) {
                    release(vm);
                    Instance view = vm.view();
                    events.add(l -> l.terminated(view));
                }
            }
        } finally {
            deliver();
        }
    }

    /** A terminated instance gives back its addresses and loses its Elastic IP's association. Caller holds the lock. */
    private void release(Vm vm) {
        subnetPools.get(vm.subnet.id()).release(vm.privateIp);
        if (vm.publicIpFromPool) {
            publicPool.release(vm.publicIp);
        }
        eips.values().stream().filter(e -> vm.id.equals(e.instanceId)).forEach(this::endAssociation);
        vm.publicIp = null;
        vm.publicIpFromPool = false;
    }

    /** All instances, terminated ones included, in launch order. */
    public synchronized List<Instance> instances() {
        return vms.values().stream().map(Vm::view).toList();
    }

    /** The instance with this id: {@code InvalidInstanceID.Malformed} or {@code .NotFound} otherwise. */
    public synchronized Instance instance(String id) {
        return vm(id).view();
    }

    /** Instances grouped by the RunInstances call that launched them. */
    public synchronized List<Reservation> reservations() {
        Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
        vms.values().forEach(vm -> byReservation.computeIfAbsent(vm.reservationId, k -> new ArrayList<>())
                .add(vm.view()));
        return byReservation.entrySet().stream().map(e -> new Reservation(e.getKey(), e.getValue())).toList();
    }

    /** Rows of {@code ids} (all when empty), checked like DescribeInstances checks them. */
    synchronized List<InstanceRow> rows(List<String> ids) {
        requireInstances(ids);
        return vms.values().stream().filter(vm -> ids.isEmpty() || ids.contains(vm.id)).map(Vm::row).toList();
    }

    /**
     * TerminateInstances: {@code pending} and {@code running} instances go {@code shutting-down}, then
     * {@code terminated} after {@link Timings#shuttingDown()}; others keep their state. All ids are checked first.
     */
    public List<StateChange> terminateInstances(List<String> ids) {
        if (ids.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter InstanceId");
        }
        synchronized (this) {
            requireInstances(ids);
            List<StateChange> changes = new ArrayList<>();
            for (String id : new java.util.LinkedHashSet<>(ids)) {
                Vm vm = vms.get(id);
                InstanceState previous = vm.state;
                if (previous == InstanceState.PENDING || previous == InstanceState.RUNNING) {
                    vm.state = InstanceState.SHUTTING_DOWN;
                    vm.transitionReason = "User initiated (" + java.time.format.DateTimeFormatter
                            .ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'").withZone(java.time.ZoneOffset.UTC)
                            .format(Instant.now()) + ")";
                    work.after(timings.shuttingDown(),
                            () -> transition(vm, InstanceState.SHUTTING_DOWN, InstanceState.TERMINATED));
                }
                changes.add(new StateChange(id, previous, vm.state));
            }
            return changes;
        }
    }

    private void requireInstances(List<String> ids) {
        ids.stream().filter(id -> id == null || !INSTANCE_ID.matcher(id).matches()).findFirst().ifPresent(id -> {
            throw Ec2Errors.instanceMalformed(String.valueOf(id));
        });
        List<String> missing = ids.stream().filter(id -> !vms.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            throw Ec2Errors.instanceNotFound(missing);
        }
    }

    private Vm vm(String id) {
        requireInstances(List.of(id));
        return vms.get(id);
    }

    // ------------------------------------------------------------------------------------------- Elastic IPs

    /** AllocateAddress (domain vpc): the next address of {@value #ELASTIC_IP_POOL}. */
    public synchronized ElasticAddress allocateAddress(Map<String, String> tags) {
        if (eips.size() >= ADDRESS_LIMIT) {
            throw Ec2Errors.addressLimitExceeded();
        }
        String ip = elasticPool.take().orElseThrow(Ec2Errors::addressLimitExceeded);
        Eip eip = new Eip(ip, tags == null ? Map.of() : Map.copyOf(tags));
        eips.put(eip.allocationId, eip);
        return eip.view(vms);
    }

    public synchronized List<ElasticAddress> addresses() {
        return eips.values().stream().map(e -> e.view(vms)).toList();
    }

    /** The address with this allocation id; {@code InvalidAllocationID.NotFound} otherwise. */
    public synchronized ElasticAddress address(String allocationId) {
        return eip(allocationId).view(vms);
    }

    /** The allocation id of the Elastic IP {@code publicIp}; {@code InvalidAddress.NotFound} otherwise. */
    public synchronized String allocationIdOf(String publicIp) {
        return eips.values().stream().filter(e -> e.publicIp.equals(publicIp)).map(e -> e.allocationId).findFirst()
                .orElseThrow(() -> Ec2Errors.addressNotFound(publicIp));
    }

    private Eip eip(String allocationId) {
        Eip eip = eips.get(allocationId);
        if (eip == null) {
            throw Ec2Errors.allocationNotFound(allocationId);
        }
        return eip;
    }

    /**
     * AssociateAddress with an instance, which must be {@code running}: the instance's public IP becomes the Elastic
     * IP (its automatic one is given back; an Elastic IP it had is disassociated). An address associated with another
     * instance moves, unless {@code allowReassociation} is false ({@code Resource.AlreadyAssociated}). Associating
     * again with the same instance changes nothing.
     */
    public ElasticAddress associateAddress(String allocationId, String instanceId, boolean allowReassociation) {
        try {
            synchronized (this) {
                Eip eip = eip(allocationId);
                Vm vm = vm(instanceId);
                if (vm.state != InstanceState.RUNNING) {
                    throw Ec2Errors.instanceNotInValidState(instanceId, vm.state);
                }
                if (vm.id.equals(eip.instanceId)) {
                    return eip.view(vms);
                }
                if (eip.associationId != null && !allowReassociation) {
                    throw Ec2Errors.alreadyAssociated(eip.allocationId, eip.associationId);
                }
                if (eip.associationId != null) {
                    endAssociation(eip);
                }
                eips.values().stream().filter(e -> vm.id.equals(e.instanceId)).toList().forEach(e -> {
                    e.instanceId = null;
                    endedAssociations.add(e.associationId);
                    e.associationId = null;
                });
                String old = vm.publicIp;
                if (vm.publicIpFromPool) {
                    publicPool.release(old);
                }
                vm.publicIp = eip.publicIp;
                vm.publicIpFromPool = false;
                eip.instanceId = vm.id;
                eip.associationId = id("eipassoc");
                Instance view = vm.view();
                events.add(l -> l.publicAddressChanged(view, old));
                return eip.view(vms);
            }
        } finally {
            deliver();
        }
    }

    /**
     * DisassociateAddress: the instance gets a fresh automatic public IP, as in a default subnet. Idempotent, as in
     * AWS: an association that existed and ended is no error; one that never existed is
     * {@code InvalidAssociationID.NotFound}.
     */
    public void disassociateAddress(String associationId) {
        try {
            synchronized (this) {
                Optional<Eip> eip = eips.values().stream().filter(e -> associationId.equals(e.associationId))
                        .findFirst();
                if (eip.isEmpty()) {
                    if (endedAssociations.contains(associationId)) {
                        return;
                    }
                    throw Ec2Errors.associationNotFound(associationId);
                }
                endAssociation(eip.get());
            }
        } finally {
            deliver();
        }
    }

    /** Ends an association; a live instance gets an automatic public IP back. Caller holds the lock. */
    private void endAssociation(Eip eip) {
        Vm vm = vms.get(eip.instanceId);
        endedAssociations.add(eip.associationId);
        eip.instanceId = null;
        eip.associationId = null;
        if (vm != null && (vm.state == InstanceState.RUNNING || vm.state == InstanceState.PENDING)) {
            String old = vm.publicIp;
            vm.publicIp = vm.subnet.defaultForAz() ? publicPool.take().orElse(null) : null;
            vm.publicIpFromPool = vm.publicIp != null;
            Instance view = vm.view();
            events.add(l -> l.publicAddressChanged(view, old));
        } else if (vm != null && !vm.publicIpFromPool) {
            vm.publicIp = null; // shutting down: it keeps no address that is no longer its own
        }
    }

    /**
     * ReleaseAddress: refused with {@code InvalidIPAddress.InUse} while associated (AWS's rule in a nondefault VPC;
     * in a default VPC AWS would disassociate silently, see docs/aws.md §3).
     */
    public synchronized void releaseAddress(String allocationId) {
        Eip eip = eip(allocationId);
        if (eip.associationId != null) {
            throw Ec2Errors.addressInUse(eip.publicIp);
        }
        eips.remove(allocationId);
        elasticPool.release(eip.publicIp);
    }

    // ------------------------------------------------------------------------------- VPC endpoint services

    /**
     * Where endpoint services look up their network load balancers (the ELBv2 emulator, through the sandbox's
     * wiring). Null, the default: any well-formed NLB ARN of this region exists, in all of the region's zones.
     */
    public void setLoadBalancerDirectory(LoadBalancerDirectory directory) {
        endpointServices.setLoadBalancerDirectory(directory);
    }

    /**
     * CreateVpcEndpointServiceConfiguration over these NLBs: {@code Pending}, then {@code Available} after
     * {@link Timings#pending()}; the zones are those of the NLBs. {@code InvalidParameter} for no ARN, a malformed
     * one, or one the {@link LoadBalancerDirectory} does not know.
     */
    public EndpointServices.EndpointService createEndpointService(List<String> nlbArns, boolean acceptanceRequired,
            Map<String, String> tags) {
        return endpointServices.create(nlbArns, acceptanceRequired, tags == null ? Map.of() : Map.copyOf(tags));
    }

    public List<EndpointServices.EndpointService> endpointServices() {
        return endpointServices.services();
    }

    /** The service with this id; {@code InvalidVpcEndpointServiceId.NotFound} otherwise. */
    public EndpointServices.EndpointService endpointService(String serviceId) {
        return endpointServices.service(serviceId);
    }

    /** ModifyVpcEndpointServiceConfiguration's AcceptanceRequired; existing endpoints keep their state. */
    public void setAcceptanceRequired(String serviceId, boolean acceptanceRequired) {
        endpointServices.setAcceptanceRequired(serviceId, acceptanceRequired);
    }

    /**
     * ModifyVpcEndpointServicePermissions: returns the principals added. {@code InvalidPrincipal} (nothing changes)
     * for a principal that is not {@code *}, an IAM account root, role or user ARN without a path, a service
     * principal or an organizational unit ARN. Removing a principal does not touch its existing endpoints.
     */
    public List<EndpointServices.AllowedPrincipal> modifyEndpointServicePermissions(String serviceId,
            List<String> add, List<String> remove) {
        return endpointServices.modifyPermissions(serviceId, add, remove);
    }

    public List<EndpointServices.AllowedPrincipal> endpointServicePermissions(String serviceId) {
        return endpointServices.permissions(serviceId);
    }

    /** Every endpoint connected to (or asking to connect to) one of this account's services. */
    public List<EndpointServices.Endpoint> endpointConnections() {
        return endpointServices.connections();
    }

    /** AcceptVpcEndpointConnections: the ids it could not accept, with AWS's error per id; the rest are accepted. */
    public List<EndpointServices.Unsuccessful> acceptEndpointConnections(String serviceId, List<String> vpceIds) {
        return endpointServices.accept(serviceId, vpceIds);
    }

    /** RejectVpcEndpointConnections: the ids it could not reject; the rest are {@code rejected}. */
    public List<EndpointServices.Unsuccessful> rejectEndpointConnections(String serviceId, List<String> vpceIds) {
        return endpointServices.reject(serviceId, vpceIds);
    }

    /** DeleteVpcEndpointServiceConfigurations: the ids it could not delete (unknown, or with live connections). */
    public List<EndpointServices.Unsuccessful> deleteEndpointServices(List<String> serviceIds) {
        return endpointServices.delete(serviceIds);
    }

    /**
     * The consumer's side, for the sandbox (not an AWS action of this account): {@code principalArn}'s account
     * creates an interface endpoint to {@code serviceName} in {@code zoneIds} (e.g. {@code use1-az1}; empty: all of
     * the service's zones). The endpoint is {@code pendingAcceptance} when the service requires acceptance, else
     * {@code pending} and {@code available} after {@link Timings#pending()}. {@code InvalidServiceName} when the
     * service does not exist, is not yet {@code Available}, or does not allow the principal (itself, its account's
     * {@code :root}, or {@code *}); {@code InvalidParameter} for a zone the service lacks;
     * {@link IllegalArgumentException} when {@code principalArn} is not an IAM ARN.
     */
    public EndpointServices.Endpoint requestEndpoint(String serviceName, String principalArn, List<String> zoneIds) {
        return endpointServices.request(serviceName, principalArn, zoneIds);
    }

    /** The endpoint with this id as it is now (state, service, zones), or empty once deleted. */
    public Optional<EndpointServices.Endpoint> endpoint(String vpceId) {
        return endpointServices.endpoint(vpceId);
    }

    /** Deletes the consumer's endpoint (listeners hear {@code deleted}); an unknown id is no error. */
    public void deleteEndpoint(String vpceId) {
        endpointServices.deleteEndpoint(vpceId);
    }

    public void addEndpointConnectionListener(EndpointConnectionListener listener) {
        endpointServices.addListener(listener);
    }

    public void removeEndpointConnectionListener(EndpointConnectionListener listener) {
        endpointServices.removeListener(listener);
    }

    // ----------------------------------------------------------------------------------------------- listeners

    public void addInstanceListener(InstanceListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeInstanceListener(InstanceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Delivers queued events, in order, one at a time; never called with the backend's lock held, so listeners may
     * call back in. Events are queued under the lock, so their order is the order of the changes.
     */
    private void deliver() {
        synchronized (delivery) {
            if (delivering) {
                return; // a listener changed the backend: its events follow the current one, from the outer loop
            }
            delivering = true;
            try {
                Consumer<InstanceListener> event;
                while ((event = events.poll()) != null) {
                    for (InstanceListener listener : listeners) {
                        try {
                            event.accept(listener);
                        } catch (RuntimeException e) {
                            LOG.warn("instance listener {} failed", listener, e);
                        }
                    }
                }
            } finally {
                delivering = false;
            }
        }
    }

    /** Stops the timer: pending transitions are dropped. */
    @Override
    public void close() {
        work.close();
    }
}
