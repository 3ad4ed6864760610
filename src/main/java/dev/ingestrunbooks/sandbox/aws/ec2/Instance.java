package dev.ingestrunbooks.sandbox.aws.ec2;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one emulated EC2 instance, as {@link Ec2Backend} hands it to readers and to
 * {@link InstanceListener}s. Immutable: a later state change gives a new snapshot.
 *
 * <p>Addresses are loopback addresses the sandbox can bind real sockets to (on Linux all of 127.0.0.0/8 is
 * loopback): {@code privateIp} comes from the instance's subnet, {@code publicIp} from the emulator's public pool or
 * an associated Elastic IP.
 *
 * @param id           {@code i-} and 17 hex digits
 * @param imageId      the AMI id it was launched from ({@code ami-…}; any well-formed id is accepted)
 * @param instanceType e.g. {@code t3.micro}
 * @param state        its current state
 * @param privateIp    primary private IPv4 address, from its subnet (e.g. {@code 127.31.0.4})
 * @param publicIp     public IPv4 address, or null (none, or terminated)
 * @param subnetId     its subnet
 * @param vpcId        its VPC
 * @param groupIds     its security groups, in launch order
 * @param keyName      the key pair it was launched with, or null
 * @param tags         its tags, in the order given
 * @param launchTime   when RunInstances launched it
 */
public record Instance(String id, String imageId, String instanceType, InstanceState state, String privateIp,
        String publicIp, String subnetId, String vpcId, List<String> groupIds, String keyName,
        Map<String, String> tags, Instant launchTime) {

    public Instance {
        groupIds = List.copyOf(groupIds);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /** The value of tag {@code key}, e.g. {@code tag("Name")}. */
    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
