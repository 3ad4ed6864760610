package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Params.accepts;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ec2-protocol side of Elastic IPs: AllocateAddress, AssociateAddress, DescribeAddresses, DisassociateAddress,
 * ReleaseAddress. Addresses are named by allocation id; the deprecated {@code PublicIp} parameter is accepted in its
 * place. No state here. Limits: domain {@code vpc} only ({@code standard} is answered as {@code vpc}); no BYOIP,
 * IPAM or customer-owned pools; no recovery of a released address ({@code Address}).
 */
final class AddressActions {

    static final Set<String> FILTERS = Set.of("allocation-id", "association-id", "instance-id", "domain",
            "public-ip", "private-ip-address", "network-interface-id", "network-interface-owner-id",
            "network-border-group");

    private final Ec2Backend backend;

    AddressActions(Ec2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("AllocateAddress", this::allocateAddress)
                .on("AssociateAddress", this::associateAddress)
                .on("DescribeAddresses", this::describeAddresses)
                .on("DisassociateAddress", this::disassociateAddress)
                .on("ReleaseAddress", this::releaseAddress);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AllocateAddress.html */
    Consumer<XmlWriter> allocateAddress(FormBody in) {
        String domain = in.get("Domain");
        if (domain != null && !domain.equals("vpc") && !domain.equals("standard")) {
            throw Ec2Errors.invalidParameterValue("Invalid value '" + domain + "' for domain.");
        }
        if (in.get("Address") != null) {
            throw Ec2Errors.addressNotFound(in.get("Address"));
        }
        ElasticAddress a = backend.allocateAddress(Ec2Params.tags(in, "elastic-ip"));
        return w -> w.element("publicIp", a.publicIp()).element("domain", a.domain())
                .element("allocationId", a.allocationId()).element("publicIpv4Pool", "amazon")
                .element("networkBorderGroup", backend.region());
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateAddress.html */
    Consumer<XmlWriter> associateAddress(FormBody in) {
        String allocationId = allocationId(in);
        String instanceId = in.get("InstanceId");
        if ((instanceId == null || instanceId.isEmpty()) && in.get("NetworkInterfaceId") != null) {
            String eni = in.get("NetworkInterfaceId");
            instanceId = backend.rows(List.of()).stream().filter(r -> r.networkInterfaceId().equals(eni))
                    .filter(r -> r.instance().state() != InstanceState.TERMINATED).map(r -> r.instance().id())
                    .findFirst().orElseThrow(() -> Ec2Errors.networkInterfaceNotFound(eni));
        }
        if (instanceId == null || instanceId.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter InstanceId or NetworkInterfaceId");
        }
        boolean allowReassociation = in.bool("AllowReassociation").orElse(true);
        ElasticAddress a = backend.associateAddress(allocationId, instanceId, allowReassociation);
        return w -> w.element("return", true).element("associationId", a.associationId());
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html */
    Consumer<XmlWriter> describeAddresses(FormBody in) {
        Map<String, List<String>> filters = Ec2Params.filters(in, FILTERS, true);
        List<String> allocationIds = in.strings("AllocationId", null);
        List<String> publicIps = in.strings("PublicIp", null);
        allocationIds.forEach(backend::address); // InvalidAllocationID.NotFound for an unknown id
        publicIps.forEach(backend::allocationIdOf); // InvalidAddress.NotFound
        List<ElasticAddress> addresses = backend.addresses().stream()
                .filter(a -> allocationIds.isEmpty() || allocationIds.contains(a.allocationId()))
                .filter(a -> publicIps.isEmpty() || publicIps.contains(a.publicIp()))
                .filter(a -> accepts(filters, "allocation-id", a.allocationId())
                        && accepts(filters, "association-id", a.associationId())
                        && accepts(filters, "instance-id", a.instanceId())
                        && accepts(filters, "domain", a.domain())
                        && accepts(filters, "public-ip", a.publicIp())
                        && accepts(filters, "private-ip-address", a.privateIp())
                        && accepts(filters, "network-interface-id", a.networkInterfaceId())
                        && accepts(filters, "network-interface-owner-id", a.associated() ? Ec2Backend.ACCOUNT : null)
                        && accepts(filters, "network-border-group", backend.region())
                        && Ec2Params.acceptsTags(filters, a.tags()))
                .toList();
        return w -> w.list("addressesSet", "item", addresses, (x, a) -> x.element("publicIp", a.publicIp())
                .element("allocationId", a.allocationId()).element("domain", a.domain())
                .element("instanceId", a.instanceId()).element("associationId", a.associationId())
                .element("networkInterfaceId", a.networkInterfaceId())
                .element("networkInterfaceOwnerId", a.associated() ? Ec2Backend.ACCOUNT : null)
                .element("privateIpAddress", a.privateIp())
                .write(t -> Ec2Params.tagSet(t, a.tags()))
                .element("publicIpv4Pool", "amazon").element("networkBorderGroup", backend.region()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateAddress.html */
    Consumer<XmlWriter> disassociateAddress(FormBody in) {
        String associationId = in.get("AssociationId");
        if ((associationId == null || associationId.isEmpty()) && in.get("PublicIp") != null) {
            associationId = backend.address(backend.allocationIdOf(in.get("PublicIp"))).associationId();
            if (associationId == null) {
                return w -> w.element("return", true);
            }
        }
        if (associationId == null || associationId.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter AssociationId");
        }
        backend.disassociateAddress(associationId);
        return w -> w.element("return", true);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html */
    Consumer<XmlWriter> releaseAddress(FormBody in) {
        backend.releaseAddress(allocationId(in));
        return w -> w.element("return", true);
    }

    /** {@code AllocationId}, or the deprecated {@code PublicIp} looked up. */
    private String allocationId(FormBody in) {
        String allocationId = in.get("AllocationId");
        if (allocationId != null && !allocationId.isEmpty()) {
            return allocationId;
        }
        if (in.get("PublicIp") != null && !in.get("PublicIp").isEmpty()) {
            return backend.allocationIdOf(in.get("PublicIp"));
        }
        throw Ec2Errors.missingParameter("The request must contain the parameter AllocationId");
    }
}
