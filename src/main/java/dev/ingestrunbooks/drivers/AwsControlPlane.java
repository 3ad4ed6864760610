package dev.ingestrunbooks.drivers;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllowedPrincipal;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AWS side of the guides, through the real AWS SDK v2: the same calls against the sandbox's emulator and against
 * a real account. Read operations are always allowed; changes pass the {@link ChangeGuard} first.
 *
 * <p>Every method that creates something (or opens an inbound rule, or allows a principal) tags it with the run's
 * {@link RunTags} where AWS takes tags at creation, and registers its undo in {@link #created()}, once AWS has
 * confirmed it and only when it did not exist before; the methods that delete something forget its undo. The owner of
 * the driver calls {@link #cleanUp(Duration)} when the scenario ends.
 */
public final class AwsControlPlane {
    private final RdsClient rds;
    private final Ec2Client ec2;
    private final ElasticLoadBalancingV2Client elbv2;
    private final ChangeGuard guard;
    private final Duration pollInterval;
    private final CreatedResources created = new CreatedResources();
    private volatile RunTags tags = RunTags.NONE;

    /** RDS only: the EC2 methods (security groups, key pairs, instances, Elastic IPs) fail. */
    public AwsControlPlane(RdsClient rds, ChangeGuard guard, Duration pollInterval) {
        this(rds, null, guard, pollInterval);
    }

    public AwsControlPlane(RdsClient rds, Ec2Client ec2, ChangeGuard guard, Duration pollInterval) {
        this(rds, ec2, null, guard, pollInterval);
    }

    /** RDS, EC2 and ELBv2 (the PrivateLink tab's target group and network load balancer). */
    public AwsControlPlane(RdsClient rds, Ec2Client ec2, ElasticLoadBalancingV2Client elbv2, ChangeGuard guard,
            Duration pollInterval) {
        this.rds = rds;
        this.ec2 = ec2;
        this.elbv2 = elbv2;
        this.guard = guard;
        this.pollInterval = pollInterval;
    }

    /** Tags whatever this driver creates from now on with {@code tags} (the run id and the scenario's name). */
    public void tagWith(RunTags tags) {
        this.tags = tags;
    }

    public RunTags tags() {
        return tags;
    }

    /** What this driver created and has not removed, with how to undo each. */
    public CreatedResources created() {
        return created;
    }

    /** Undoes what this driver created, newest first, going on after a failure; see {@link CreatedResources}. */
    public CreatedResources.Report cleanUp(Duration timeout) {
        return created.cleanUp(timeout);
    }

    private List<Tag> ec2Tags() {
        return tags.asMap().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    private TagSpecification ec2TagSpec(ResourceType type) {
        return TagSpecification.builder().resourceType(type).tags(ec2Tags()).build();
    }

    private List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elbv2Tags() {
        return tags.asMap().entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2
                .model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private List<software.amazon.awssdk.services.rds.model.Tag> rdsTags() {
        return tags.asMap().entrySet().stream().map(e -> software.amazon.awssdk.services.rds.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** Whether {@code failure} is an AWS error with one of {@code codes}. */
    private static boolean is(Throwable failure, String... codes) {
        return CreatedResources.errorCode(failure).map(c -> List.of(codes).contains(c)).orElse(false);
    }

    /**
     * How long an undo retries a refusal that AWS lifts by itself (a terminated instance's network interface, a
     * deleted load balancer's hold on its target group): minutes on AWS. A dependency that outlasts it is not the
     * run's to wait for.
     */
    private static final Duration SETTLING = Duration.ofMinutes(3);

    /**
     * Runs {@code action}, retrying while AWS answers one of {@code codes}, for at most {@code timeout} (and never
     * longer than {@link #SETTLING}).
     */
    private void retryWhile(Duration timeout, Runnable action, String... codes) {
        Duration limit = timeout.compareTo(SETTLING) < 0 ? timeout : SETTLING;
        java.util.concurrent.atomic.AtomicReference<AwsServiceException> refusal =
                new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Awaitility.await("AWS to stop answering " + String.join(" or ", codes)).atMost(limit)
                    .pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
                        try {
                            action.run();
                            return true;
                        } catch (AwsServiceException e) {
                            if (!is(e, codes)) {
                                throw e;
                            }
                            refusal.set(e);
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw refusal.get();
        }
    }

    private ElasticLoadBalancingV2Client elbv2() {
        if (elbv2 == null) {
            throw new IllegalStateException("this AWS driver has no ELBv2 client");
        }
        return elbv2;
    }

    // ------------------------------------------------------------------- ELBv2: the PrivateLink tab's NLB steps

    /** CreateTargetGroup of type {@code ip}, TCP {@code port}, in {@code vpcId}, with AWS's default health check. */
    public TargetGroup createIpTargetGroup(String name, int port, String vpcId) {
        guard.check("create target group " + name + " (ip, TCP " + port + ") in " + vpcId);
        // ELBv2 returns an existing group of the same name and settings instead of failing: never undo that one
        boolean existed = targetGroupNamed(name).isPresent();
        TargetGroup group = elbv2().createTargetGroup(r -> r.name(name).targetType(TargetTypeEnum.IP)
                .protocol(ProtocolEnum.TCP).port(port).vpcId(vpcId).tags(elbv2Tags())).targetGroups().get(0);
        if (!existed) {
            String arn = group.targetGroupArn();
            created.register("target-group:" + arn, "target group " + name + " (" + arn + ")",
                    timeout -> retryWhile(timeout, () -> deleteTargetGroup(arn), "ResourceInUse"));
        }
        return group;
    }

    private Optional<TargetGroup> targetGroupNamed(String name) {
        try {
            return elbv2().describeTargetGroups(r -> r.names(name)).targetGroups().stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    public TargetGroup targetGroup(String targetGroupArn) {
        return elbv2().describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0);
    }

    /** RegisterTargets: one IP address (e.g. what {@code dig +short <RDS endpoint>} gave) on {@code port}. */
    public void registerIpTarget(String targetGroupArn, String ip, int port) {
        guard.check("register " + ip + ":" + port + " with target group " + targetGroupArn);
        elbv2().registerTargets(r -> r.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(ip).port(port).build()));
    }

    public void deregisterIpTarget(String targetGroupArn, String ip, int port) {
        guard.check("deregister " + ip + ":" + port + " from target group " + targetGroupArn);
        elbv2().deregisterTargets(r -> r.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(ip).port(port).build()));
    }

    /** DescribeTargetHealth of every registered target. */
    public List<TargetHealthDescription> targetHealth(String targetGroupArn) {
        return elbv2().describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions();
    }

    /** DescribeTargetHealth of one target (a target not registered is {@code unused}/{@code Target.NotRegistered}). */
    public TargetHealthDescription targetHealth(String targetGroupArn, String ip, int port) {
        return elbv2().describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(ip).port(port).build())).targetHealthDescriptions().get(0);
    }

    /**
     * Waits until the target reports {@code state} ({@code healthy}, {@code unhealthy}, {@code unused}…), polling
     * DescribeTargetHealth; states are compared as strings, as the SDK may not know a new one.
     */
    public TargetHealthDescription awaitTargetHealth(String targetGroupArn, String ip, int port, String state,
            Duration timeout) {
        try {
            return Awaitility.await("target " + ip + ":" + port + " to be " + state)
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> targetHealth(targetGroupArn, ip, port),
                            d -> state.equals(d.targetHealth().stateAsString()));
        } catch (ConditionTimeoutException e) {
            TargetHealthDescription now = targetHealth(targetGroupArn, ip, port);
            throw new AssertionError("target " + ip + ":" + port + " of " + targetGroupArn + " did not become "
                    + state + " within " + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds()
                    + " s") + "; it is " + now.targetHealth().stateAsString()
                    + (now.targetHealth().reason() == null ? "" : " (" + now.targetHealth().reasonAsString() + ": "
                    + now.targetHealth().description() + ")"), e);
        }
    }

    /** CreateLoadBalancer of type {@code network} in {@code subnetIds} (one per zone); returns it {@code provisioning}. */
    public LoadBalancer createNetworkLoadBalancer(String name, List<String> subnetIds, boolean internal) {
        guard.check("create network load balancer " + name + " in " + subnetIds);
        boolean existed = loadBalancerNamed(name).isPresent(); // ELBv2 returns an existing one of the same settings
        LoadBalancer lb = elbv2().createLoadBalancer(r -> r.name(name).type(LoadBalancerTypeEnum.NETWORK)
                .subnets(subnetIds).tags(elbv2Tags())
                .scheme(internal ? LoadBalancerSchemeEnum.INTERNAL : LoadBalancerSchemeEnum.INTERNET_FACING))
                .loadBalancers().get(0);
        if (!existed) {
            String arn = lb.loadBalancerArn();
            created.register("load-balancer:" + arn, "network load balancer " + name + " (" + arn + ")",
                    timeout -> deleteLoadBalancerAndAwaitGone(arn, timeout));
        }
        return lb;
    }

    private Optional<LoadBalancer> loadBalancerNamed(String name) {
        try {
            return elbv2().describeLoadBalancers(r -> r.names(name)).loadBalancers().stream().findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    /** DeleteLoadBalancer, then waits until DescribeLoadBalancers no longer knows it (AWS deletes in the background). */
    public void deleteLoadBalancerAndAwaitGone(String loadBalancerArn, Duration timeout) {
        deleteLoadBalancer(loadBalancerArn);
        try {
            Awaitility.await("load balancer " + loadBalancerArn + " to be gone")
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> {
                        try {
                            elbv2().describeLoadBalancers(r -> r.loadBalancerArns(loadBalancerArn));
                            return false;
                        } catch (LoadBalancerNotFoundException e) {
                            return true;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("load balancer " + loadBalancerArn + " was still there "
                    + timeout.toSeconds() + " s after DeleteLoadBalancer", e);
        }
    }

    /** {@link #createNetworkLoadBalancer}, then waits until it is {@code active}. */
    public LoadBalancer createNetworkLoadBalancerAndAwaitActive(String name, List<String> subnetIds,
            boolean internal, Duration timeout) {
        return awaitLoadBalancerActive(createNetworkLoadBalancer(name, subnetIds, internal).loadBalancerArn(),
                timeout);
    }

    public LoadBalancer loadBalancer(String loadBalancerArn) {
        return elbv2().describeLoadBalancers(r -> r.loadBalancerArns(loadBalancerArn)).loadBalancers().get(0);
    }

    /** Waits until the load balancer's state is {@code active}, polling DescribeLoadBalancers. */
    public LoadBalancer awaitLoadBalancerActive(String loadBalancerArn, Duration timeout) {
        try {
            return Awaitility.await("load balancer " + loadBalancerArn + " to be active")
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> loadBalancer(loadBalancerArn), lb -> "active".equals(lb.state().codeAsString()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("load balancer " + loadBalancerArn + " did not become active within "
                    + timeout.toSeconds() + " s; it is " + loadBalancer(loadBalancerArn).state().codeAsString(), e);
        }
    }

    /** CreateListener: TCP {@code port}, default action forward to the target group. */
    public Listener createTcpListener(String loadBalancerArn, int port, String targetGroupArn) {
        guard.check("create TCP listener on port " + port + " of " + loadBalancerArn);
        boolean existed = listeners(loadBalancerArn).stream().anyMatch(l -> l.port() != null && l.port() == port);
        Listener listener = elbv2().createListener(r -> r.loadBalancerArn(loadBalancerArn).protocol(ProtocolEnum.TCP)
                .port(port).tags(elbv2Tags())
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn)
                        .build())).listeners().get(0);
        if (!existed) {
            String arn = listener.listenerArn();
            created.register("listener:" + arn, "listener TCP " + port + " (" + arn + ")", timeout -> {
                try {
                    deleteListener(arn);
                } catch (ListenerNotFoundException gone) {
                    // went with its load balancer
                }
            });
        }
        return listener;
    }

    /** DeleteListener. */
    public void deleteListener(String listenerArn) {
        guard.check("delete listener " + listenerArn);
        elbv2().deleteListener(r -> r.listenerArn(listenerArn));
        created.forget("listener:" + listenerArn);
    }

    public List<Listener> listeners(String loadBalancerArn) {
        return elbv2().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners();
    }

    /** Every attribute of the target group, e.g. {@code preserve_client_ip.enabled}. */
    public Map<String, String> targetGroupAttributes(String targetGroupArn) {
        return elbv2().describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn)).attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }

    public void setTargetGroupAttribute(String targetGroupArn, String key, String value) {
        guard.check("set " + key + "=" + value + " on target group " + targetGroupArn);
        elbv2().modifyTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn)
                .attributes(TargetGroupAttribute.builder().key(key).value(value).build()));
    }

    /** DeleteLoadBalancer (its listeners go with it). */
    public void deleteLoadBalancer(String loadBalancerArn) {
        guard.check("delete load balancer " + loadBalancerArn);
        elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(loadBalancerArn));
        created.forget("load-balancer:" + loadBalancerArn);
    }

    /** DeleteTargetGroup; ELBv2 refuses ({@code ResourceInUse}) while a listener forwards to it. */
    public void deleteTargetGroup(String targetGroupArn) {
        guard.check("delete target group " + targetGroupArn);
        elbv2().deleteTargetGroup(r -> r.targetGroupArn(targetGroupArn));
        created.forget("target-group:" + targetGroupArn);
    }

    private Ec2Client ec2() {
        if (ec2 == null) {
            throw new IllegalStateException("this AWS driver has no EC2 client");
        }
        return ec2;
    }

    /** The VPC security groups of a DB instance (an Aurora cluster's: its writer's), as DescribeDBInstances lists them. */
    public List<String> securityGroupsOf(String instanceId) {
        return instance(instanceId).vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .toList();
    }

    /** The security groups of a database: an instance's, or an Aurora cluster's writer's. */
    public List<String> databaseSecurityGroups(String identifier, boolean aurora) {
        return securityGroupsOf(aurora ? writerInstance(identifier) : identifier);
    }

    public SecurityGroup securityGroup(String groupId) {
        return ec2().describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    }

    /** The VPC a security group belongs to (the database's VPC, read from its group). */
    public String vpcOfGroup(String groupId) {
        return securityGroup(groupId).vpcId();
    }

    /** The IPv4 CIDR block of a VPC. */
    public String vpcCidr(String vpcId) {
        return ec2().describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).cidrBlock();
    }

    /** The ids of a VPC's subnets, in the order DescribeSubnets gives them. */
    public List<String> subnetIds(String vpcId) {
        return ec2().describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .subnets().stream().map(software.amazon.awssdk.services.ec2.model.Subnet::subnetId).toList();
    }

    /** The zone ids ({@code use1-az1}) of zone names ({@code us-east-1a}), as DescribeAvailabilityZones maps them. */
    public List<String> zoneIds(List<String> zoneNames) {
        var zones = ec2().describeAvailabilityZones(r -> r.zoneNames(zoneNames)).availabilityZones();
        return zoneNames.stream().map(name -> zones.stream().filter(z -> z.zoneName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no availability zone " + name)).zoneId()).toList();
    }

    /** Guide step B: an inbound rule for TCP {@code port} from {@code cidr} (e.g. a Materialize egress IP). */
    public void allowIngress(String groupId, int port, String cidr, String description) {
        guard.check("allow " + cidr + " on port " + port + " in security group " + groupId);
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(port).toPort(port).ipRanges(range -> range.cidrIp(cidr).description(description)))
                .tagSpecifications(ec2TagSpec(ResourceType.SECURITY_GROUP_RULE)));
        // a rule that existed already fails with InvalidPermission.Duplicate above: this one is the run's
        created.register(ruleKey(groupId, port, port, cidr), "inbound rule TCP " + port + " from " + cidr + " in "
                + groupId, timeout -> {
                    try {
                        revokeIngress(groupId, port, cidr);
                    } catch (AwsServiceException e) {
                        if (!is(e, "InvalidPermission.NotFound", "InvalidGroup.NotFound")) {
                            throw e;
                        }
                    }
                });
    }

    private static String ruleKey(String groupId, int from, int to, String peer) {
        return "ingress:" + groupId + ":tcp:" + from + "-" + to + ":" + peer;
    }

    /** Removes the inbound rule for TCP {@code port} from {@code cidr}. */
    public void revokeIngress(String groupId, int port, String cidr) {
        guard.check("revoke " + cidr + " on port " + port + " from security group " + groupId);
        ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(port).toPort(port).ipRanges(range -> range.cidrIp(cidr))));
        created.forget(ruleKey(groupId, port, port, cidr));
    }

    /** Removes the inbound rule for TCP {@code fromPort}-{@code toPort} from the members of {@code peerGroupId}. */
    public void revokeIngressFromGroup(String groupId, int fromPort, int toPort, String peerGroupId) {
        guard.check("revoke security group " + peerGroupId + " on ports " + fromPort + "-" + toPort
                + " from security group " + groupId);
        ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(fromPort).toPort(toPort).userIdGroupPairs(g -> g.groupId(peerGroupId))));
        created.forget(ruleKey(groupId, fromPort, toPort, peerGroupId));
    }

    /**
     * DeleteSecurityGroup; EC2 refuses ({@code DependencyViolation}) while an instance or another group's rule uses
     * the group.
     */
    public void deleteSecurityGroup(String groupId) {
        guard.check("delete security group " + groupId);
        ec2().deleteSecurityGroup(r -> r.groupId(groupId));
        created.forget("security-group:" + groupId);
    }

    /**
     * Creates security group {@code name} in the region's default VPC (where {@link #runInstance} launches without a
     * subnet) unless it exists there already; either way returns its id, so a rerun of a runbook finds the group it
     * made before. Fails when the account has no default VPC.
     */
    public String createSecurityGroupIfAbsent(String name, String description) {
        String vpcId = ec2().describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true").build()))
                .vpcs().stream().map(Vpc::vpcId).findFirst().orElseThrow(() -> new IllegalStateException(
                        "this region has no default VPC; create security group " + name + " in the database's VPC"));
        Optional<String> existing = ec2().describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values(name).build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups().stream()
                .map(SecurityGroup::groupId).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        guard.check("create security group " + name + " in " + vpcId);
        String id = ec2().createSecurityGroup(r -> r.groupName(name).description(description).vpcId(vpcId)
                .tagSpecifications(ec2TagSpec(ResourceType.SECURITY_GROUP))).groupId();
        // AWS releases a terminated instance's network interface a little after "terminated": retry a while
        created.register("security-group:" + id, "security group " + id + " (" + name + ")", timeout -> {
            try {
                retryWhile(timeout, () -> deleteSecurityGroup(id), "DependencyViolation");
            } catch (AwsServiceException e) {
                if (!is(e, "InvalidGroup.NotFound")) {
                    throw e;
                }
            }
        });
        return id;
    }

    /** An inbound rule for TCP {@code port} from the members of security group {@code peerGroupId}. */
    public void allowIngressFromGroup(String groupId, int port, String peerGroupId, String description) {
        allowTcpFromGroup(groupId, port, port, peerGroupId, description);
    }

    /** The console's rule type "All TCP" (ports 0-65535) from the members of security group {@code peerGroupId}. */
    public void allowAllTcpFromGroup(String groupId, String peerGroupId, String description) {
        allowTcpFromGroup(groupId, 0, 65535, peerGroupId, description);
    }

    private void allowTcpFromGroup(String groupId, int fromPort, int toPort, String peerGroupId, String description) {
        String ports = fromPort == toPort ? "port " + fromPort : "ports " + fromPort + "-" + toPort;
        guard.check("allow security group " + peerGroupId + " on " + ports + " in security group " + groupId);
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(fromPort).toPort(toPort)
                .userIdGroupPairs(g -> g.groupId(peerGroupId).description(description)))
                .tagSpecifications(ec2TagSpec(ResourceType.SECURITY_GROUP_RULE)));
        created.register(ruleKey(groupId, fromPort, toPort, peerGroupId), "inbound rule TCP " + ports + " from "
                + peerGroupId + " in " + groupId, timeout -> {
                    try {
                        revokeIngressFromGroup(groupId, fromPort, toPort, peerGroupId);
                    } catch (AwsServiceException e) {
                        if (!is(e, "InvalidPermission.NotFound", "InvalidGroup.NotFound")) {
                            throw e;
                        }
                    }
                });
    }

    /** Imports an OpenSSH public key line ({@code ssh-ed25519 AAAA… comment}) as EC2 key pair {@code name}. */
    public ImportKeyPairResponse importKeyPair(String name, String publicKeyLine) {
        guard.check("import key pair " + name);
        ImportKeyPairResponse imported = ec2().importKeyPair(r -> r.keyName(name)
                .publicKeyMaterial(SdkBytes.fromString(publicKeyLine, StandardCharsets.UTF_8))
                .tagSpecifications(ec2TagSpec(ResourceType.KEY_PAIR)));
        // a key pair of that name fails with InvalidKeyPair.Duplicate above: this one is the run's
        created.register("key-pair:" + name, "key pair " + name, timeout -> deleteKeyPair(name));
        return imported;
    }

    /** Key pair {@code name} with its public key, or empty (found by filter, so absence is no error). */
    public Optional<KeyPairInfo> keyPair(String name) {
        return ec2().describeKeyPairs(r -> r.includePublicKey(true).filters(
                Filter.builder().name("key-name").values(name).build())).keyPairs().stream().findFirst();
    }

    /** Deletes key pair {@code name}; succeeds when there is none, as EC2 does. */
    public void deleteKeyPair(String name) {
        guard.check("delete key pair " + name);
        ec2().deleteKeyPair(r -> r.keyName(name));
        created.forget("key-pair:" + name);
    }

    /**
     * RunInstances for one instance, tagged {@code Name=name}. {@code subnetId} null means EC2's default (a default
     * subnet); {@code groupIds} empty means the VPC's default group; {@code keyName} may be null. Returns the
     * instance id; the instance is {@code pending} (see {@link #awaitEc2InstanceState}).
     */
    public String runInstance(String imageId, String instanceType, String subnetId, List<String> groupIds,
            String keyName, String name) {
        guard.check("launch EC2 instance " + name + " (" + instanceType + ", " + imageId + ")");
        List<Tag> instanceTags = new java.util.ArrayList<>(ec2Tags());
        instanceTags.add(0, Tag.builder().key("Name").value(name).build());
        String id = ec2().runInstances(r -> r.imageId(imageId).instanceType(instanceType).minCount(1).maxCount(1)
                .subnetId(subnetId).securityGroupIds(groupIds).keyName(keyName)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(instanceTags).build(), ec2TagSpec(ResourceType.VOLUME)))
                .instances().get(0).instanceId();
        created.register("instance:" + id, "EC2 instance " + id + " (" + name + ")", timeout -> {
            try {
                terminateInstanceAndAwait(id, timeout);
            } catch (AwsServiceException e) {
                if (!is(e, "InvalidInstanceID.NotFound")) {
                    throw e;
                }
            }
        });
        return id;
    }

    /** {@link #runInstance}, then waits until it is {@code running}; returns it as DescribeInstances shows it then. */
    public Instance runInstanceAndAwaitRunning(String imageId, String instanceType, String subnetId,
            List<String> groupIds, String keyName, String name, Duration timeout) {
        String id = runInstance(imageId, instanceType, subnetId, groupIds, keyName, name);
        return awaitEc2InstanceState(id, InstanceStateName.RUNNING, timeout);
    }

    /** An EC2 instance as DescribeInstances shows it: state, private and public IP, security groups, tags. */
    public Instance ec2Instance(String instanceId) {
        return ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    /** Waits until the EC2 instance reports {@code state}, polling DescribeInstances. */
    public Instance awaitEc2InstanceState(String instanceId, InstanceStateName state, Duration timeout) {
        try {
            return Awaitility.await("EC2 instance " + instanceId + " to be " + state)
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> ec2Instance(instanceId), i -> i.state().name() == state);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("EC2 instance " + instanceId + " did not become " + state + " within "
                    + timeout.toSeconds() + " s; it is " + ec2Instance(instanceId).state().nameAsString(), e);
        }
    }

    /** TerminateInstances for one instance (it goes {@code shutting-down}, then {@code terminated}). */
    public void terminateInstance(String instanceId) {
        guard.check("terminate EC2 instance " + instanceId);
        ec2().terminateInstances(r -> r.instanceIds(instanceId));
        created.forget("instance:" + instanceId);
    }

    /** {@link #terminateInstance}, then waits until it is {@code terminated}. */
    public Instance terminateInstanceAndAwait(String instanceId, Duration timeout) {
        terminateInstance(instanceId);
        return awaitEc2InstanceState(instanceId, InstanceStateName.TERMINATED, timeout);
    }

    /** AllocateAddress in the VPC domain; returns the allocation id. */
    public String allocateAddress() {
        guard.check("allocate an Elastic IP address");
        String id = ec2().allocateAddress(r -> r.domain("vpc")
                .tagSpecifications(ec2TagSpec(ResourceType.ELASTIC_IP))).allocationId();
        created.register("address:" + id, "Elastic IP " + id, timeout -> {
            try {
                releaseAddress(id);
            } catch (AwsServiceException e) {
                if (!is(e, "InvalidAllocationID.NotFound")) {
                    throw e;
                }
            }
        });
        return id;
    }

    /** AssociateAddress: the instance (which must be running) gets the Elastic IP as its public IP. */
    public String associateAddress(String allocationId, String instanceId) {
        guard.check("associate Elastic IP " + allocationId + " with " + instanceId);
        String association = ec2().associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId))
                .associationId();
        created.register("association:" + association, "association " + association + " of Elastic IP "
                + allocationId + " with " + instanceId, timeout -> {
                    try {
                        disassociateAddress(association);
                    } catch (AwsServiceException e) {
                        if (!is(e, "InvalidAssociationID.NotFound")) {
                            throw e;
                        }
                    }
                });
        return association;
    }

    /** The Elastic IP with this allocation id: public IP, instance and association. */
    public Address address(String allocationId) {
        return ec2().describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0);
    }

    /** The Elastic IPs associated with {@code instanceId}. */
    public List<Address> addressesOf(String instanceId) {
        return ec2().describeAddresses(r -> r.filters(Filter.builder().name("instance-id").values(instanceId)
                .build())).addresses();
    }

    /** The Elastic IP {@code publicIp}, if this account has allocated it. */
    public Optional<Address> elasticAddress(String publicIp) {
        return ec2().describeAddresses(r -> r.filters(Filter.builder().name("public-ip").values(publicIp).build()))
                .addresses().stream().findFirst();
    }

    /** The instance (not terminated) whose public IP is {@code publicIp}, if this account has one. */
    public Optional<Instance> instanceWithPublicIp(String publicIp) {
        return ec2().describeInstances(r -> r.filters(Filter.builder().name("ip-address").values(publicIp).build()))
                .reservations().stream().flatMap(res -> res.instances().stream())
                .filter(i -> i.state().name() != InstanceStateName.TERMINATED).findFirst();
    }

    public void disassociateAddress(String associationId) {
        guard.check("disassociate Elastic IP association " + associationId);
        ec2().disassociateAddress(r -> r.associationId(associationId));
        created.forget("association:" + associationId);
    }

    /** ReleaseAddress; EC2 refuses while the address is associated ({@code InvalidIPAddress.InUse}). */
    public void releaseAddress(String allocationId) {
        guard.check("release Elastic IP " + allocationId);
        ec2().releaseAddress(r -> r.allocationId(allocationId));
        created.forget("address:" + allocationId);
    }

    // ------------------------------------------------------------------- VPC endpoint services (PrivateLink)

    /**
     * CreateVpcEndpointServiceConfiguration over one network load balancer; returns the service id. The service is
     * {@code Pending} at first (see {@link #awaitEndpointServiceAvailable}).
     */
    public String createEndpointService(String nlbArn, boolean acceptanceRequired) {
        guard.check("create VPC endpoint service for " + nlbArn + (acceptanceRequired ? " (acceptance required)"
                : " (connections accepted automatically)"));
        String id = ec2().createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(nlbArn)
                .acceptanceRequired(acceptanceRequired)
                .tagSpecifications(ec2TagSpec(ResourceType.VPC_ENDPOINT_SERVICE))).serviceConfiguration().serviceId();
        created.register("endpoint-service:" + id, "VPC endpoint service " + id,
                timeout -> rejectConnectionsAndDeleteEndpointService(id));
        return id;
    }

    /**
     * Rejects every endpoint connection to the service that is not rejected yet (AWS deletes no service with live
     * connections), then deletes the service.
     */
    public void rejectConnectionsAndDeleteEndpointService(String serviceId) {
        List<String> live = endpointConnections(serviceId).stream().filter(c -> !c.state().equals("rejected")
                && !c.state().equals("deleted") && !c.state().equals("deleting"))
                .map(EndpointConnection::vpcEndpointId).toList();
        for (String vpce : live) {
            rejectEndpointConnection(serviceId, vpce);
        }
        deleteEndpointService(serviceId);
    }

    /**
     * DeleteVpcEndpointServiceConfigurations for one service; AWS refuses ({@code ExistingVpcEndpointConnections})
     * while an endpoint connection is not rejected. Fails with EC2's reason; a service already gone is no error.
     */
    public void deleteEndpointService(String serviceId) {
        guard.check("delete VPC endpoint service " + serviceId);
        List<UnsuccessfulItem> failed = ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(serviceId))
                .unsuccessful().stream().filter(u -> !"InvalidVpcEndpointServiceId.NotFound".equals(u.error().code()))
                .toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("could not delete VPC endpoint service " + serviceId + ": "
                    + failed.get(0).error().code() + ": " + failed.get(0).error().message());
        }
        created.forget("endpoint-service:" + serviceId);
    }

    /** {@link #createEndpointService}, then waits until it is {@code Available}; returns the service id. */
    public String createEndpointServiceAndAwait(String nlbArn, boolean acceptanceRequired, Duration timeout) {
        String id = createEndpointService(nlbArn, acceptanceRequired);
        awaitEndpointServiceAvailable(id, timeout);
        return id;
    }

    /** The service configuration: state, name, zones, load balancers, whether acceptance is required. */
    public ServiceConfiguration endpointService(String serviceId) {
        return ec2().describeVpcEndpointServiceConfigurations(r -> r.serviceIds(serviceId)).serviceConfigurations()
                .get(0);
    }

    /** This account's endpoint service called {@code serviceName}, if it has one. */
    public Optional<ServiceConfiguration> endpointServiceNamed(String serviceName) {
        return ec2().describeVpcEndpointServiceConfigurations(r -> r.filters(Filter.builder().name("service-name")
                .values(serviceName).build())).serviceConfigurations().stream().findFirst();
    }

    /** The name consumers connect to: {@code com.amazonaws.vpce.<region>.vpce-svc-…}. */
    public String endpointServiceName(String serviceId) {
        return endpointService(serviceId).serviceName();
    }

    /** Waits until the service's state (read as a string) is {@code Available}. */
    public ServiceConfiguration awaitEndpointServiceAvailable(String serviceId, Duration timeout) {
        try {
            return Awaitility.await("VPC endpoint service " + serviceId + " to be Available")
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> endpointService(serviceId), s -> "Available".equals(s.serviceStateAsString()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("VPC endpoint service " + serviceId + " did not become Available within "
                    + timeout.toSeconds() + " s; it is " + endpointService(serviceId).serviceStateAsString(), e);
        }
    }

    /** ModifyVpcEndpointServicePermissions: lets {@code principalArn} (e.g. Materialize's role ARN) connect. */
    public void allowEndpointServicePrincipal(String serviceId, String principalArn) {
        guard.check("allow " + principalArn + " to connect to VPC endpoint service " + serviceId);
        boolean allowedBefore = endpointServicePrincipals(serviceId).contains(principalArn);
        ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(serviceId).addAllowedPrincipals(principalArn));
        if (!allowedBefore) {
            created.register("principal:" + serviceId + ":" + principalArn, "principal " + principalArn
                    + " allowed on " + serviceId, timeout -> {
                        try {
                            disallowEndpointServicePrincipal(serviceId, principalArn);
                        } catch (AwsServiceException e) {
                            if (!is(e, "InvalidVpcEndpointServiceId.NotFound")) {
                                throw e;
                            }
                        }
                    });
        }
    }

    /** ModifyVpcEndpointServicePermissions: {@code principalArn} may no longer create endpoints to the service. */
    public void disallowEndpointServicePrincipal(String serviceId, String principalArn) {
        guard.check("remove " + principalArn + " from the principals of VPC endpoint service " + serviceId);
        ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(serviceId).removeAllowedPrincipals(principalArn));
        created.forget("principal:" + serviceId + ":" + principalArn);
    }

    /** The principals allowed to connect to the service. */
    public List<String> endpointServicePrincipals(String serviceId) {
        return ec2().describeVpcEndpointServicePermissions(r -> r.serviceId(serviceId)).allowedPrincipals().stream()
                .map(AllowedPrincipal::principal).toList();
    }

    /** One endpoint connection as the runbook reads it; {@code state} is AWS's camelCase string. */
    public record EndpointConnection(String vpcEndpointId, String owner, String state) {
    }

    /**
     * The endpoint connections to the service. States are read with {@code vpcEndpointStateAsString()}: AWS sends
     * camelCase ({@code pendingAcceptance}), which the SDK's PascalCase enum maps to {@code UNKNOWN_TO_SDK_VERSION}.
     */
    public List<EndpointConnection> endpointConnections(String serviceId) {
        return ec2().describeVpcEndpointConnections(r -> r.filters(Filter.builder().name("service-id")
                .values(serviceId).build())).vpcEndpointConnections().stream()
                .map(c -> new EndpointConnection(c.vpcEndpointId(), c.vpcEndpointOwner(), c.vpcEndpointStateAsString()))
                .toList();
    }

    /** AcceptVpcEndpointConnections for one endpoint; fails with EC2's reason when AWS lists it as unsuccessful. */
    public void acceptEndpointConnection(String serviceId, String vpcEndpointId) {
        guard.check("accept endpoint connection " + vpcEndpointId + " to VPC endpoint service " + serviceId);
        failIfUnsuccessful("accept", vpcEndpointId, ec2().acceptVpcEndpointConnections(r -> r.serviceId(serviceId)
                .vpcEndpointIds(vpcEndpointId)).unsuccessful());
    }

    /** RejectVpcEndpointConnections for one endpoint; fails with EC2's reason when AWS lists it as unsuccessful. */
    public void rejectEndpointConnection(String serviceId, String vpcEndpointId) {
        guard.check("reject endpoint connection " + vpcEndpointId + " to VPC endpoint service " + serviceId);
        failIfUnsuccessful("reject", vpcEndpointId, ec2().rejectVpcEndpointConnections(r -> r.serviceId(serviceId)
                .vpcEndpointIds(vpcEndpointId)).unsuccessful());
    }

    /** Accept and reject answer 200 even when nothing happened: the failures are items of the response. */
    private static void failIfUnsuccessful(String verb, String vpcEndpointId, List<UnsuccessfulItem> failed) {
        if (!failed.isEmpty()) {
            UnsuccessfulItem u = failed.get(0);
            throw new IllegalStateException("could not " + verb + " endpoint connection " + vpcEndpointId + ": "
                    + u.error().code() + ": " + u.error().message());
        }
    }

    /** Waits until the connection of {@code vpcEndpointId} has {@code state} (camelCase, e.g. {@code available}). */
    public EndpointConnection awaitEndpointConnectionState(String serviceId, String vpcEndpointId, String state,
            Duration timeout) {
        try {
            return Awaitility.await("endpoint connection " + vpcEndpointId + " to be " + state)
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> endpointConnection(serviceId, vpcEndpointId),
                            c -> c.isPresent() && c.get().state().equals(state)).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("endpoint connection " + vpcEndpointId + " did not become " + state + " within "
                    + timeout.toSeconds() + " s; it is " + endpointConnection(serviceId, vpcEndpointId)
                            .map(EndpointConnection::state).orElse("gone"), e);
        }
    }

    private Optional<EndpointConnection> endpointConnection(String serviceId, String vpcEndpointId) {
        return endpointConnections(serviceId).stream().filter(c -> c.vpcEndpointId().equals(vpcEndpointId))
                .findFirst();
    }

    public DBInstance instance(String id) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    public DBCluster cluster(String id) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    /** The parameter-group family of an engine version, e.g. postgres16 or aurora-postgresql16. */
    public String parameterGroupFamily(String engine, String engineVersion) {
        return rds.describeDBEngineVersions(r -> r.engine(engine).engineVersion(engineVersion)).dbEngineVersions()
                .stream().map(DBEngineVersion::dbParameterGroupFamily).findFirst()
                .orElseThrow(() -> new IllegalStateException("AWS knows no " + engine + " " + engineVersion));
    }

    /**
     * CreateDBParameterGroup (a name that exists fails with {@code DBParameterGroupAlreadyExists}, so a group this
     * registers is the run's). Its undo deletes it unless a database uses it by then: step A1 associates it with the
     * user's database on purpose, and putting the database back on its old group would undo A1, so such a group is
     * kept and reported.
     */
    public void createDbParameterGroup(String name, String family, String description) {
        guard.check("create DB parameter group " + name);
        rds.createDBParameterGroup(r -> r.dbParameterGroupName(name).dbParameterGroupFamily(family).description(description)
                .tags(rdsTags()));
        created.register("db-parameter-group:" + name, "DB parameter group " + name, timeout -> {
            try {
                deleteDbParameterGroup(name);
            } catch (InvalidDbParameterGroupStateException e) {
                throw new CreatedResources.Kept("a database uses it now (" + e.awsErrorDetails().errorMessage()
                        + "); delete it once no database does");
            } catch (DbParameterGroupNotFoundException gone) {
                // removed by someone else
            }
        });
    }

    /** CreateDBClusterParameterGroup; undone as {@link #createDbParameterGroup} is. */
    public void createDbClusterParameterGroup(String name, String family, String description) {
        guard.check("create DB cluster parameter group " + name);
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name).dbParameterGroupFamily(family)
                .description(description).tags(rdsTags()));
        created.register("db-cluster-parameter-group:" + name, "DB cluster parameter group " + name, timeout -> {
            try {
                deleteDbClusterParameterGroup(name);
            } catch (InvalidDbParameterGroupStateException e) {
                throw new CreatedResources.Kept("a cluster uses it now (" + e.awsErrorDetails().errorMessage()
                        + "); delete it once no cluster does");
            } catch (DbParameterGroupNotFoundException gone) {
                // removed by someone else
            }
        });
    }

    /** DeleteDBParameterGroup; RDS refuses ({@code InvalidDBParameterGroupState}) while an instance uses it. */
    public void deleteDbParameterGroup(String name) {
        guard.check("delete DB parameter group " + name);
        rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(name));
        created.forget("db-parameter-group:" + name);
    }

    /** DeleteDBClusterParameterGroup; RDS refuses ({@code InvalidDBParameterGroupState}) while a cluster uses it. */
    public void deleteDbClusterParameterGroup(String name) {
        guard.check("delete DB cluster parameter group " + name);
        rds.deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name));
        created.forget("db-cluster-parameter-group:" + name);
    }

    public void setDbParameter(String group, String name, String value, ApplyMethod method) {
        guard.check("set " + name + " in DB parameter group " + group);
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(group)
                .parameters(p -> p.parameterName(name).parameterValue(value).applyMethod(method)));
    }

    public void setDbClusterParameter(String group, String name, String value, ApplyMethod method) {
        guard.check("set " + name + " in DB cluster parameter group " + group);
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                .parameters(p -> p.parameterName(name).parameterValue(value).applyMethod(method)));
    }

    /** A parameter of a DB parameter group, paging through all rows (engine defaults included). */
    public Optional<Parameter> dbParameter(String group, String name) {
        return rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(group)).parameters().stream()
                .filter(p -> name.equals(p.parameterName())).findFirst();
    }

    public Optional<Parameter> dbClusterParameter(String group, String name) {
        return rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters().stream()
                .filter(p -> name.equals(p.parameterName())).findFirst();
    }

    public void associateDbParameterGroup(String instanceId, String group) {
        guard.check("associate DB parameter group " + group + " with " + instanceId);
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId).dbParameterGroupName(group).applyImmediately(true));
    }

    public void associateDbClusterParameterGroup(String clusterId, String group) {
        guard.check("associate DB cluster parameter group " + group + " with " + clusterId);
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(clusterId).dbClusterParameterGroupName(group).applyImmediately(true));
    }

    public void rebootInstance(String instanceId) {
        guard.check("reboot DB instance " + instanceId);
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceId));
    }

    /** The writer member of an Aurora cluster. */
    public String writerInstance(String clusterId) {
        return cluster(clusterId).dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter)
                .map(DBClusterMember::dbInstanceIdentifier).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster " + clusterId + " has no writer instance"));
    }

    /** Waits until the instance reports {@code status}, polling DescribeDBInstances. */
    public DBInstance awaitInstanceStatus(String instanceId, String status, Duration timeout) {
        try {
            return Awaitility.await("DB instance " + instanceId + " to be " + status)
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> instance(instanceId), i -> status.equals(i.dbInstanceStatus()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("DB instance " + instanceId + " did not become " + status + " within "
                    + timeout.toSeconds() + " s; it is " + instance(instanceId).dbInstanceStatus(), e);
        }
    }
}
