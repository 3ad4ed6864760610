package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Params.accepts;
import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Params.acceptsAny;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend.InstanceRow;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend.StateChange;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ec2-protocol side of RunInstances, DescribeInstances and TerminateInstances: unpacks requests, calls
 * {@link Ec2Backend}, writes AWS's {@code Reservation} / {@code Instance} / {@code InstanceStateChange} shapes (element
 * names from the botocore model: the state is {@code instanceState}, the public address {@code ipAddress}, the
 * public DNS name {@code dnsName}). No state here. Limits: DescribeInstances returns everything in one page
 * ({@code MaxResults}/{@code NextToken} are ignored); launch options other than those in {@link LaunchRequest}
 * (user data, block devices, IAM profiles, …) are accepted and ignored.
 */
final class InstanceActions {

    /** DescribeInstances filters the emulator understands, besides {@code tag:<key>}, {@code tag-key}, {@code tag-value}. */
    static final Set<String> FILTERS = Set.of("instance-id", "instance-state-name", "instance-state-code",
            "instance-type", "image-id", "key-name", "subnet-id", "vpc-id", "private-ip-address", "ip-address",
            "availability-zone", "reservation-id", "instance.group-id", "instance.group-name");

    private final Ec2Backend backend;

    InstanceActions(Ec2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("RunInstances", this::runInstances)
                .on("DescribeInstances", this::describeInstances)
                .on("TerminateInstances", this::terminateInstances);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html */
    Consumer<XmlWriter> runInstances(FormBody in) {
        int min = in.integer("MinCount").orElseThrow(() -> Ec2Errors.missingParameter(
                "The request must contain the parameter MinCount"));
        int max = in.integer("MaxCount").orElseThrow(() -> Ec2Errors.missingParameter(
                "The request must contain the parameter MaxCount"));
        String subnetId = in.get("SubnetId");
        List<String> groupIds = new ArrayList<>(in.strings("SecurityGroupId", null));
        // The CLI's --associate-public-ip-address moves subnet and groups into the primary network interface.
        for (FormBody nic : in.structs("NetworkInterface", null)) {
            if ("0".equals(nic.get("DeviceIndex")) || nic.get("DeviceIndex") == null) {
                subnetId = nic.get("SubnetId") != null ? nic.get("SubnetId") : subnetId;
                groupIds.addAll(nic.strings("SecurityGroupId", null));
            }
        }
        in.strings("SecurityGroup", null).forEach(name -> groupIds.add(backend.groupNamed(name, null).id()));
        LaunchRequest request = new LaunchRequest(in.get("ImageId"), emptyToNull(in.get("InstanceType")), min, max,
                emptyToNull(subnetId), groupIds.stream().distinct().toList(), emptyToNull(in.get("KeyName")),
                Ec2Params.tags(in, "instance"));
        List<InstanceRow> rows = backend.launch(request);
        return w -> w.element("reservationId", rows.get(0).reservationId()).element("ownerId", Ec2Backend.ACCOUNT)
                .start("groupSet").end()
                .list("instancesSet", "item", rows, this::instance);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html */
    Consumer<XmlWriter> describeInstances(FormBody in) {
        Map<String, List<String>> filters = Ec2Params.filters(in, FILTERS, true);
        List<String> ids = in.strings("InstanceId", null);
        List<InstanceRow> rows = backend.rows(ids).stream().filter(r -> passes(filters, r)).toList();
        Map<String, List<InstanceRow>> byReservation = new LinkedHashMap<>();
        rows.forEach(r -> byReservation.computeIfAbsent(r.reservationId(), k -> new ArrayList<>()).add(r));
        return w -> w.list("reservationSet", "item", byReservation.entrySet(), (x, e) -> x
                .element("reservationId", e.getKey()).element("ownerId", Ec2Backend.ACCOUNT)
                .start("groupSet").end()
                .list("instancesSet", "item", e.getValue(), this::instance));
    }

    private boolean passes(Map<String, List<String>> filters, InstanceRow row) {
        Instance i = row.instance();
        boolean live = i.state() != InstanceState.TERMINATED;
        return accepts(filters, "instance-id", i.id())
                && accepts(filters, "instance-state-name", i.state().wireName())
                && accepts(filters, "instance-state-code", String.valueOf(i.state().code()))
                && accepts(filters, "instance-type", i.instanceType())
                && accepts(filters, "image-id", i.imageId())
                && accepts(filters, "key-name", i.keyName())
                && accepts(filters, "subnet-id", live ? i.subnetId() : null)
                && accepts(filters, "vpc-id", live ? i.vpcId() : null)
                && accepts(filters, "private-ip-address", live ? i.privateIp() : null)
                && accepts(filters, "ip-address", i.publicIp())
                && accepts(filters, "availability-zone", row.subnet().zone())
                && accepts(filters, "reservation-id", row.reservationId())
                && acceptsAny(filters, "instance.group-id", i.groupIds())
                && acceptsAny(filters, "instance.group-name", groupNames(i.groupIds()))
                && Ec2Params.acceptsTags(filters, i.tags());
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html */
    Consumer<XmlWriter> terminateInstances(FormBody in) {
        List<StateChange> changes = backend.terminateInstances(in.strings("InstanceId", null));
        return w -> w.list("instancesSet", "item", changes, (x, c) -> {
            x.element("instanceId", c.instanceId());
            state(x, "currentState", c.current());
            state(x, "previousState", c.previous());
        });
    }

    private static void state(XmlWriter x, String element, InstanceState state) {
        x.start(element).element("code", state.code()).element("name", state.wireName()).end();
    }

    /**
     * One {@code Instance}. A terminated instance shows no addresses, subnet, VPC or network interface, as in AWS.
     */
    private void instance(XmlWriter x, InstanceRow row) {
        Instance i = row.instance();
        boolean live = i.state() != InstanceState.TERMINATED;
        x.element("instanceId", i.id()).element("imageId", i.imageId());
        state(x, "instanceState", i.state());
        x.element("privateDnsName", live ? privateDnsName(i.privateIp()) : "")
                .element("dnsName", i.publicIp() == null ? "" : publicDnsName(i.publicIp()))
                .element("reason", row.transitionReason())
                .element("keyName", i.keyName())
                .element("amiLaunchIndex", row.launchIndex())
                .start("productCodes").end()
                .element("instanceType", i.instanceType())
                .element("launchTime", i.launchTime())
                .start("placement").element("availabilityZone", row.subnet().zone())
                .element("availabilityZoneId", row.subnet().zoneId()).element("groupName", "")
                .element("tenancy", "default").end()
                .start("monitoring").element("state", "disabled").end();
        if (live) {
            x.element("subnetId", i.subnetId()).element("vpcId", i.vpcId())
                    .element("privateIpAddress", i.privateIp());
        }
        x.element("ipAddress", i.publicIp())
                .element("sourceDestCheck", true)
                .list("groupSet", "item", i.groupIds(), this::groupIdentifier);
        if (!row.transitionReason().isEmpty()) {
            x.start("stateReason").element("code", "Client.UserInitiatedShutdown")
                    .element("message", "Client.UserInitiatedShutdown: User initiated shutdown").end();
        }
        x.element("architecture", "x86_64").element("rootDeviceType", "ebs").element("rootDeviceName", "/dev/xvda")
                .start("blockDeviceMapping").end()
                .element("virtualizationType", "hvm").element("hypervisor", "xen")
                .write(w -> Ec2Params.tagSet(w, i.tags()))
                .start("networkInterfaceSet");
        if (live) {
            x.start("item").element("networkInterfaceId", row.networkInterfaceId())
                    .element("subnetId", i.subnetId()).element("vpcId", i.vpcId()).element("description", "")
                    .element("ownerId", Ec2Backend.ACCOUNT).element("status", "in-use")
                    .element("privateIpAddress", i.privateIp()).element("privateDnsName", privateDnsName(i.privateIp()))
                    .element("sourceDestCheck", true)
                    .list("groupSet", "item", i.groupIds(), this::groupIdentifier)
                    .start("attachment").element("attachmentId", "eni-attach-" + row.networkInterfaceId().substring(4))
                    .element("deviceIndex", 0).element("status", "attached").element("attachTime", i.launchTime())
                    .element("deleteOnTermination", true).end();
            association(x, i.publicIp());
            x.start("privateIpAddressesSet").start("item").element("privateIpAddress", i.privateIp())
                    .element("privateDnsName", privateDnsName(i.privateIp())).element("primary", true);
            association(x, i.publicIp());
            x.end().end().element("interfaceType", "interface").end();
        }
        x.end().element("ebsOptimized", false).element("enaSupport", true);
    }

    private void association(XmlWriter x, String publicIp) {
        if (publicIp != null) {
            x.start("association").element("publicIp", publicIp).element("publicDnsName", publicDnsName(publicIp))
                    .element("ipOwnerId", "amazon").end();
        }
    }

    private void groupIdentifier(XmlWriter x, String groupId) {
        x.element("groupId", groupId).element("groupName", groupName(groupId));
    }

    private String groupName(String groupId) {
        return backend.securityGroups().stream().filter(g -> g.id().equals(groupId)).map(Ec2Backend.SecurityGroup::name)
                .findFirst().orElse(null);
    }

    private List<String> groupNames(List<String> groupIds) {
        return groupIds.stream().map(this::groupName).filter(java.util.Objects::nonNull).toList();
    }

    /** {@code ip-127-31-0-4.ec2.internal} in us-east-1, {@code ip-….<region>.compute.internal} elsewhere. */
    private String privateDnsName(String ip) {
        String host = "ip-" + ip.replace('.', '-');
        return backend.region().equals("us-east-1") ? host + ".ec2.internal"
                : host + "." + backend.region() + ".compute.internal";
    }

    /** {@code ec2-127-200-0-1.compute-1.amazonaws.com} in us-east-1, {@code ec2-….<region>.compute.amazonaws.com} elsewhere. */
    private String publicDnsName(String ip) {
        String host = "ec2-" + ip.replace('.', '-');
        return backend.region().equals("us-east-1") ? host + ".compute-1.amazonaws.com"
                : host + "." + backend.region() + ".compute.amazonaws.com";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
