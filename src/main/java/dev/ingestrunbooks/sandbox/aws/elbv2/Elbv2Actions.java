package dev.ingestrunbooks.sandbox.aws.elbv2;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.Paging;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.HealthCheck;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.Listener;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.LoadBalancer;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.Target;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.TargetGroup;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.TargetHealth;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ELBv2 actions: request members read with the awsQuery list convention ({@code Targets.member.1.Id}), results
 * written with the botocore model's member names and {@code <member>} list items, so that the Java SDK, boto3 and the
 * AWS CLI all read them. Describe* page with {@code Marker}/{@code PageSize} (1..400).
 */
final class Elbv2Actions {

    private final Elbv2Backend backend;

    Elbv2Actions(Elbv2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("CreateTargetGroup", this::createTargetGroup)
                .on("DescribeTargetGroups", this::describeTargetGroups)
                .on("DeleteTargetGroup", r -> {
                    backend.deleteTargetGroup(r.required("TargetGroupArn"));
                    return w -> { };
                })
                .on("RegisterTargets", r -> {
                    backend.registerTargets(r.required("TargetGroupArn"), targets(r));
                    return w -> { };
                })
                .on("DeregisterTargets", r -> {
                    backend.deregisterTargets(r.required("TargetGroupArn"), targets(r));
                    return w -> { };
                })
                .on("DescribeTargetHealth", r -> {
                    List<TargetHealth> rows = backend.describeTargetHealth(r.required("TargetGroupArn"), targets(r));
                    return w -> w.list("TargetHealthDescriptions", "member", rows, Elbv2Actions::health);
                })
                .on("ModifyTargetGroupAttributes", r -> {
                    Map<String, String> changes = new LinkedHashMap<>();
                    r.structs("Attributes", "member").forEach(a -> changes.put(a.required("Key"), a.get("Value")));
                    if (changes.isEmpty()) {
                        throw Elbv2Errors.validation("At least one attribute must be specified");
                    }
                    Map<String, String> all = backend.modifyTargetGroupAttributes(r.required("TargetGroupArn"),
                            changes);
                    return w -> attributes(w, all);
                })
                .on("DescribeTargetGroupAttributes", r -> {
                    Map<String, String> all = backend.targetGroupAttributes(r.required("TargetGroupArn"));
                    return w -> attributes(w, all);
                })
                .on("CreateLoadBalancer", this::createLoadBalancer)
                .on("DescribeLoadBalancers", r -> {
                    List<LoadBalancer> all = backend.describeLoadBalancers(r.strings("LoadBalancerArns", "member"),
                            r.strings("Names", "member"));
                    Paging.Page<LoadBalancer> page = page(all, r);
                    return w -> w.list("LoadBalancers", "member", page.items(), this::loadBalancer)
                            .element("NextMarker", page.nextMarker());
                })
                .on("DeleteLoadBalancer", r -> {
                    backend.deleteLoadBalancer(r.required("LoadBalancerArn"));
                    return w -> { };
                })
                .on("CreateListener", this::createListener)
                .on("DescribeListeners", r -> {
                    List<Listener> all = backend.describeListeners(r.get("LoadBalancerArn"),
                            r.strings("ListenerArns", "member"));
                    Paging.Page<Listener> page = page(all, r);
                    return w -> w.list("Listeners", "member", page.items(), Elbv2Actions::listener)
                            .element("NextMarker", page.nextMarker());
                })
                .on("DeleteListener", r -> {
                    backend.deleteListener(r.required("ListenerArn"));
                    return w -> { };
                })
                .on("DescribeTags", this::describeTags);
    }

    /** The {@code Tags} member of a Create* request (ELBv2 keys: 1-128 characters, none starting {@code aws:}). */
    private static Map<String, String> tags(FormBody r) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (FormBody t : r.structs("Tags", "member")) {
            String key = t.required("Key");
            if (key.isEmpty() || key.length() > 128) {
                throw Elbv2Errors.validation("Tag key must be between 1 and 128 characters");
            }
            if (key.startsWith("aws:")) {
                throw Elbv2Errors.validation("Tag keys starting with 'aws:' are reserved for internal use");
            }
            tags.put(key, t.get("Value") == null ? "" : t.get("Value"));
        }
        return tags;
    }

    /** https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html (1-20 ARNs). */
    private Consumer<XmlWriter> describeTags(FormBody r) {
        List<String> arns = r.strings("ResourceArns", "member");
        if (arns.isEmpty() || arns.size() > 20) {
            throw Elbv2Errors.validation("Between 1 and 20 resource ARNs must be specified");
        }
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        arns.forEach(arn -> found.put(arn, backend.tags(arn)));
        return w -> w.list("TagDescriptions", "member", found.entrySet(), (x, e) -> x.element("ResourceArn",
                e.getKey()).list("Tags", "member", e.getValue().entrySet(), (y, t) -> y.element("Key", t.getKey())
                        .element("Value", t.getValue())));
    }

    /**
     * Paging by {@code PageSize} (1..400, default 400) and an opaque {@code Marker}, through the shared pager; its
     * errors become ELBv2's {@code ValidationError}.
     */
    private static <T> Paging.Page<T> page(List<T> all, FormBody r) {
        r.integer("PageSize").filter(n -> n < 1 || n > 400).ifPresent(n -> {
            throw Elbv2Errors.outOfRange("pageSize", n, 1, 400);
        });
        Map<String, String> p = new HashMap<>();
        if (r.get("PageSize") != null) {
            p.put("MaxRecords", r.get("PageSize"));
        }
        if (r.get("Marker") != null) {
            p.put("Marker", r.get("Marker"));
        }
        try {
            return Paging.page(all, FormBody.of(p), 1, 400, 400);
        } catch (AwsException e) {
            throw Elbv2Errors.validation("The marker is not valid: " + r.get("Marker"));
        }
    }

    private Consumer<XmlWriter> createTargetGroup(FormBody r) {
        Map<String, String> given = tags(r); // checked before anything is created
        HealthCheck d = HealthCheck.tcpDefaults();
        HealthCheck hc = new HealthCheck(r.bool("HealthCheckEnabled").orElse(d.enabled()),
                or(r.get("HealthCheckProtocol"), d.protocol()), or(r.get("HealthCheckPort"), d.port()),
                r.integer("HealthCheckIntervalSeconds").orElse(d.intervalSeconds()),
                r.integer("HealthCheckTimeoutSeconds").orElse(d.timeoutSeconds()),
                r.integer("HealthyThresholdCount").orElse(d.healthyThreshold()),
                r.integer("UnhealthyThresholdCount").orElse(d.unhealthyThreshold()));
        TargetGroup g = backend.createTargetGroup(new Elbv2Backend.TargetGroupSpec(r.get("Name"), r.get("Protocol"),
                r.integer("Port").orElse(null), r.get("VpcId"), r.get("TargetType"), r.get("IpAddressType"), hc));
        backend.addTags(g.arn(), given);
        return w -> w.list("TargetGroups", "member", List.of(g), Elbv2Actions::targetGroup);
    }

    private Consumer<XmlWriter> describeTargetGroups(FormBody r) {
        List<TargetGroup> all = backend.describeTargetGroups(r.get("LoadBalancerArn"),
                r.strings("TargetGroupArns", "member"), r.strings("Names", "member"));
        Paging.Page<TargetGroup> page = page(all, r);
        return w -> w.list("TargetGroups", "member", page.items(), Elbv2Actions::targetGroup)
                .element("NextMarker", page.nextMarker());
    }

    private Consumer<XmlWriter> createLoadBalancer(FormBody r) {
        Map<String, String> given = tags(r); // checked before anything is created
        List<String> subnets = new ArrayList<>(r.strings("Subnets", "member"));
        r.structs("SubnetMappings", "member").forEach(m -> subnets.add(m.required("SubnetId")));
        LoadBalancer lb = backend.createLoadBalancer(new Elbv2Backend.LoadBalancerSpec(r.get("Name"), subnets,
                r.get("Scheme"), r.get("Type"), r.strings("SecurityGroups", "member"), r.get("IpAddressType")));
        backend.addTags(lb.arn(), given);
        return w -> w.list("LoadBalancers", "member", List.of(lb), this::loadBalancer);
    }

    private Consumer<XmlWriter> createListener(FormBody r) {
        Map<String, String> given = tags(r); // checked before anything is created
        List<FormBody> actions = r.structs("DefaultActions", "member");
        if (actions.size() != 1) {
            throw Elbv2Errors.validation("A network load balancer listener needs exactly one default action");
        }
        FormBody action = actions.get(0);
        if (!"forward".equals(action.get("Type"))) {
            throw Elbv2Errors.validation("The default action of a network load balancer listener must be of type "
                    + "'forward' (got '" + action.get("Type") + "')");
        }
        String targetGroupArn = action.get("TargetGroupArn");
        List<FormBody> forward = action.structs("ForwardConfig.TargetGroups", "member");
        if (targetGroupArn == null && forward.size() == 1) {
            targetGroupArn = forward.get(0).get("TargetGroupArn");
        } else if (forward.size() > 1) {
            throw Elbv2Errors.validation("A network load balancer listener forwards to one target group");
        }
        Listener l = backend.createListener(r.required("LoadBalancerArn"), r.get("Protocol"),
                r.integer("Port").orElse(null), targetGroupArn);
        backend.addTags(l.arn(), given);
        return w -> w.list("Listeners", "member", List.of(l), Elbv2Actions::listener);
    }

    private static List<Target> targets(FormBody r) {
        return r.structs("Targets", "member").stream().map(t -> {
            int port = t.integer("Port").orElse(0); // 0: the target group's port
            if (t.has("Port") && (port < 1 || port > 65535)) {
                throw Elbv2Errors.outOfRange("targets.member.port", port, 1, 65535);
            }
            return new Target(t.get("Id"), port, t.get("AvailabilityZone"));
        }).toList();
    }

    private static String or(String value, String dflt) {
        return value == null || value.isEmpty() ? dflt : value;
    }

    static void targetGroup(XmlWriter w, TargetGroup g) {
        HealthCheck hc = g.healthCheck();
        w.element("TargetGroupArn", g.arn()).element("TargetGroupName", g.name())
                .element("Protocol", g.protocol()).element("Port", g.port()).element("VpcId", g.vpcId())
                .element("HealthCheckProtocol", hc.protocol()).element("HealthCheckPort", hc.port())
                .element("HealthCheckEnabled", hc.enabled())
                .element("HealthCheckIntervalSeconds", hc.intervalSeconds())
                .element("HealthCheckTimeoutSeconds", hc.timeoutSeconds())
                .element("HealthyThresholdCount", hc.healthyThreshold())
                .element("UnhealthyThresholdCount", hc.unhealthyThreshold())
                .values("LoadBalancerArns", "member", g.loadBalancerArns())
                .element("TargetType", g.targetType()).element("IpAddressType", g.ipAddressType());
    }

    private void loadBalancer(XmlWriter w, LoadBalancer lb) {
        w.element("LoadBalancerArn", lb.arn()).element("DNSName", lb.dnsName())
                .element("CanonicalHostedZoneId", Elbv2Backend.NLB_HOSTED_ZONE)
                .element("CreatedTime", lb.createdTime()).element("LoadBalancerName", lb.name())
                .element("Scheme", lb.scheme()).element("VpcId", lb.vpcId())
                .start("State").element("Code", lb.state()).end()
                .element("Type", lb.type())
                .list("AvailabilityZones", "member", lb.zones(), (x, z) -> x.element("ZoneName", z.zone())
                        .element("SubnetId", z.subnetId())
                        .list("LoadBalancerAddresses", "member", List.of(z),
                                (y, a) -> y.element("PrivateIPv4Address", a.privateIp())));
        if (!lb.securityGroups().isEmpty()) {
            w.values("SecurityGroups", "member", lb.securityGroups());
        }
        w.element("IpAddressType", lb.ipAddressType());
    }

    static void listener(XmlWriter w, Listener l) {
        w.element("ListenerArn", l.arn()).element("LoadBalancerArn", l.loadBalancerArn())
                .element("Port", l.port()).element("Protocol", l.protocol())
                .list("DefaultActions", "member", List.of(l), (x, a) -> x.element("Type", "forward")
                        .element("TargetGroupArn", a.targetGroupArn())
                        .start("ForwardConfig")
                        .list("TargetGroups", "member", List.of(a), (y, t) -> y
                                .element("TargetGroupArn", t.targetGroupArn()).element("Weight", 1))
                        .start("TargetGroupStickinessConfig").element("Enabled", false).end()
                        .end());
    }

    static void health(XmlWriter w, TargetHealth h) {
        w.start("Target").element("Id", h.target().id()).element("Port", h.target().port())
                .element("AvailabilityZone", h.target().availabilityZone()).end()
                .element("HealthCheckPort", h.healthCheckPort())
                .start("TargetHealth").element("State", h.state()).element("Reason", h.reason())
                .element("Description", h.description()).end();
    }

    private static void attributes(XmlWriter w, Map<String, String> all) {
        w.list("Attributes", "member", new TreeMap<>(all).entrySet(), (x, e) -> x.element("Key", e.getKey())
                .element("Value", e.getValue()));
    }
}
