package dev.ingestrunbooks.sandbox.aws.ec2;

import java.util.List;
import java.util.Map;

/**
 * What RunInstances asks for, as far as the emulator uses it.
 *
 * @param imageId      required; any well-formed {@code ami-} id (8 or 17 hex digits), the image is not checked
 * @param instanceType e.g. {@code t3.micro}; null means AWS's default {@code m1.small}
 * @param minCount     at least this many instances, or none (1 ≤ minCount ≤ maxCount)
 * @param maxCount     at most this many
 * @param subnetId     null means the default subnet of the first availability zone
 * @param groupIds     empty means the VPC's {@code default} group
 * @param keyName      an existing key pair, or null
 * @param tags         tags for the instances ({@code TagSpecification} with resource type {@code instance})
 */
public record LaunchRequest(String imageId, String instanceType, int minCount, int maxCount, String subnetId,
        List<String> groupIds, String keyName, Map<String, String> tags) {

    public LaunchRequest {
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /** One instance of {@code imageId}, everything else defaulted. */
    public static LaunchRequest one(String imageId, String instanceType) {
        return new LaunchRequest(imageId, instanceType, 1, 1, null, List.of(), null, Map.of());
    }
}
