package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Params.accepts;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.ec2.EndpointServices.AllowedPrincipal;
import dev.ingestrunbooks.sandbox.aws.ec2.EndpointServices.Endpoint;
import dev.ingestrunbooks.sandbox.aws.ec2.EndpointServices.EndpointService;
import dev.ingestrunbooks.sandbox.aws.ec2.EndpointServices.Unsuccessful;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ec2-protocol side of VPC endpoint services, as the provider's account calls them: create, describe, modify
 * and delete service configurations, allowed principals, and the endpoint connections to accept or reject. States
 * are written as AWS writes them: {@code serviceState} PascalCase ({@code Available}), {@code vpcEndpointState}
 * camelCase ({@code pendingAcceptance}), which the Java SDK's enums do not know, so readers use
 * {@code vpcEndpointStateAsString()}. Accept, Reject and Delete answer 200 with an {@code unsuccessful} list for the
 * ids they could not handle. No state here. Limits: no paging (everything fits one page); no CreateVpcEndpoint for
 * the provider's own account (the consumer's endpoint comes from {@link Ec2Backend#requestEndpoint}).
 */
final class EndpointServiceActions {

    static final Set<String> SERVICE_FILTERS = Set.of("service-name", "service-id", "service-state",
            "supported-ip-address-types");
    static final Set<String> CONNECTION_FILTERS = Set.of("service-id", "vpc-endpoint-state", "vpc-endpoint-id",
            "vpc-endpoint-owner", "vpc-endpoint-region", "ip-address-type");
    static final Set<String> PERMISSION_FILTERS = Set.of("principal", "principal-type");

    private final Ec2Backend backend;

    EndpointServiceActions(Ec2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("CreateVpcEndpointServiceConfiguration", this::create)
                .on("DescribeVpcEndpointServiceConfigurations", this::describe)
                .on("ModifyVpcEndpointServiceConfiguration", this::modify)
                .on("DeleteVpcEndpointServiceConfigurations", this::delete)
                .on("ModifyVpcEndpointServicePermissions", this::modifyPermissions)
                .on("DescribeVpcEndpointServicePermissions", this::describePermissions)
                .on("DescribeVpcEndpointConnections", this::describeConnections)
                .on("AcceptVpcEndpointConnections", this::accept)
                .on("RejectVpcEndpointConnections", this::reject);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointServiceConfiguration.html */
    Consumer<XmlWriter> create(FormBody in) {
        if (!in.strings("GatewayLoadBalancerArn", null).isEmpty()) {
            throw Ec2Errors.invalidParameter("Gateway Load Balancers are not supported by this emulator");
        }
        EndpointService s = backend.createEndpointService(in.strings("NetworkLoadBalancerArn", null),
                in.bool("AcceptanceRequired").orElse(false), Ec2Params.tags(in, "vpc-endpoint-service"));
        String token = in.get("ClientToken");
        return w -> w.start("serviceConfiguration").write(x -> service(x, s)).end().element("clientToken", token);
    }

    private static void service(XmlWriter x, EndpointService s) {
        x.start("serviceType").start("item").element("serviceType", "Interface").end().end()
                .element("serviceId", s.id()).element("serviceName", s.name()).element("serviceState", s.state())
                .values("availabilityZoneSet", "item", s.zoneNames())
                .values("availabilityZoneIdSet", "item", s.zoneIds())
                .element("acceptanceRequired", s.acceptanceRequired()).element("managesVpcEndpoints", false)
                .values("networkLoadBalancerArnSet", "item", s.networkLoadBalancerArns())
                .values("supportedIpAddressTypeSet", "item", List.of("ipv4"))
                .values("baseEndpointDnsNameSet", "item", List.of(s.baseEndpointDnsName()))
                .write(t -> Ec2Params.tagSet(t, s.tags()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServiceConfigurations.html */
    Consumer<XmlWriter> describe(FormBody in) {
        Map<String, List<String>> filters = Ec2Params.filters(in, SERVICE_FILTERS, true);
        List<String> ids = in.strings("ServiceId", null);
        ids.forEach(backend::endpointService); // InvalidVpcEndpointServiceId.NotFound for an unknown id
        List<EndpointService> services = backend.endpointServices().stream()
                .filter(s -> ids.isEmpty() || ids.contains(s.id()))
                .filter(s -> accepts(filters, "service-id", s.id()) && accepts(filters, "service-name", s.name())
                        && accepts(filters, "service-state", s.state())
                        && accepts(filters, "supported-ip-address-types", "ipv4")
                        && Ec2Params.acceptsTags(filters, s.tags()))
                .toList();
        return w -> w.list("serviceConfigurationSet", "item", services, EndpointServiceActions::service);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServiceConfiguration.html */
    Consumer<XmlWriter> modify(FormBody in) {
        String id = Ec2Params.required(in, "ServiceId");
        backend.endpointService(id);
        for (String unsupported : List.of("AddNetworkLoadBalancerArn", "RemoveNetworkLoadBalancerArn",
                "AddGatewayLoadBalancerArn", "RemoveGatewayLoadBalancerArn")) {
            if (!in.strings(unsupported, null).isEmpty()) {
                throw Ec2Errors.invalidParameter(unsupported + " is not supported by this emulator");
            }
        }
        in.bool("AcceptanceRequired").ifPresent(required -> backend.setAcceptanceRequired(id, required));
        return w -> w.element("return", true);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointServiceConfigurations.html */
    Consumer<XmlWriter> delete(FormBody in) {
        List<String> ids = in.strings("ServiceId", null);
        if (ids.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter ServiceId");
        }
        List<Unsuccessful> failed = backend.deleteEndpointServices(ids);
        return w -> unsuccessful(w, failed);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServicePermissions.html */
    Consumer<XmlWriter> modifyPermissions(FormBody in) {
        String id = Ec2Params.required(in, "ServiceId");
        List<AllowedPrincipal> added = backend.modifyEndpointServicePermissions(id,
                in.strings("AddAllowedPrincipals", null), in.strings("RemoveAllowedPrincipals", null));
        return w -> w.list("addedPrincipalSet", "item", added, (x, p) -> x.element("principalType",
                p.principalType()).element("principal", p.principal())
                .element("servicePermissionId", p.permissionId()).element("serviceId", p.serviceId()))
                .element("return", true);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServicePermissions.html */
    Consumer<XmlWriter> describePermissions(FormBody in) {
        String id = Ec2Params.required(in, "ServiceId");
        Map<String, List<String>> filters = Ec2Params.filters(in, PERMISSION_FILTERS, false);
        List<AllowedPrincipal> principals = backend.endpointServicePermissions(id).stream()
                .filter(p -> accepts(filters, "principal", p.principal())
                        && accepts(filters, "principal-type", p.principalType()))
                .toList();
        return w -> w.list("allowedPrincipals", "item", principals, (x, p) -> x.element("principalType",
                p.principalType()).element("principal", p.principal())
                .element("servicePermissionId", p.permissionId()).start("tagSet").end()
                .element("serviceId", p.serviceId()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointConnections.html */
    Consumer<XmlWriter> describeConnections(FormBody in) {
        Map<String, List<String>> filters = Ec2Params.filters(in, CONNECTION_FILTERS, false);
        List<Endpoint> connections = backend.endpointConnections().stream()
                .filter(c -> accepts(filters, "service-id", c.serviceId())
                        && accepts(filters, "vpc-endpoint-state", c.state())
                        && accepts(filters, "vpc-endpoint-id", c.id())
                        && accepts(filters, "vpc-endpoint-owner", c.ownerAccount())
                        && accepts(filters, "vpc-endpoint-region", backend.region())
                        && accepts(filters, "ip-address-type", "ipv4"))
                .toList();
        Map<String, List<String>> nlbs = new java.util.HashMap<>();
        backend.endpointServices().forEach(s -> nlbs.put(s.id(), s.networkLoadBalancerArns()));
        return w -> w.list("vpcEndpointConnectionSet", "item", connections, (x, c) -> x
                .element("serviceId", c.serviceId()).element("vpcEndpointId", c.id())
                .element("vpcEndpointOwner", c.ownerAccount()).element("vpcEndpointState", c.state())
                .element("creationTimestamp", c.created())
                .list("dnsEntrySet", "item", c.dnsNames(), (d, n) -> d.element("dnsName", n)
                        .element("hostedZoneId", "Z7HUB22UULQXV"))
                .values("networkLoadBalancerArnSet", "item", nlbs.getOrDefault(c.serviceId(), List.of()))
                .start("gatewayLoadBalancerArnSet").end()
                .element("ipAddressType", "ipv4").element("vpcEndpointConnectionId", c.connectionId())
                .start("tagSet").end().element("vpcEndpointRegion", backend.region()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AcceptVpcEndpointConnections.html */
    Consumer<XmlWriter> accept(FormBody in) {
        String id = Ec2Params.required(in, "ServiceId");
        List<Unsuccessful> failed = backend.acceptEndpointConnections(id, endpointIds(in));
        return w -> unsuccessful(w, failed);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RejectVpcEndpointConnections.html */
    Consumer<XmlWriter> reject(FormBody in) {
        String id = Ec2Params.required(in, "ServiceId");
        List<Unsuccessful> failed = backend.rejectEndpointConnections(id, endpointIds(in));
        return w -> unsuccessful(w, failed);
    }

    private static List<String> endpointIds(FormBody in) {
        List<String> ids = in.strings("VpcEndpointId", null);
        if (ids.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter VpcEndpointId");
        }
        return ids;
    }

    private static void unsuccessful(XmlWriter w, List<Unsuccessful> failed) {
        w.list("unsuccessful", "item", failed, (x, u) -> x.start("error").element("code", u.code())
                .element("message", u.message()).end().element("resourceId", u.resourceId()));
    }
}
