package dev.ingestrunbooks.sandbox.aws.ec2;

import java.util.Map;

/**
 * An Elastic IP address (domain {@code vpc}) and its association, if any.
 *
 * @param allocationId       {@code eipalloc-} and 17 hex digits
 * @param publicIp           the address, from the emulator's Elastic IP pool (e.g. {@code 127.201.0.1})
 * @param instanceId         the instance it is associated with, or null
 * @param associationId      {@code eipassoc-…} while associated, else null
 * @param networkInterfaceId the instance's primary network interface while associated, else null
 * @param privateIp          the private address it maps to while associated, else null
 * @param tags               its tags
 */
public record ElasticAddress(String allocationId, String publicIp, String instanceId, String associationId,
        String networkInterfaceId, String privateIp, Map<String, String> tags) {

    public ElasticAddress {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    public boolean associated() {
        return associationId != null;
    }

    /** Always {@code vpc}: EC2-Classic addresses no longer exist. */
    public String domain() {
        return "vpc";
    }
}
