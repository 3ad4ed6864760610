package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.net.Ipv4Cidr;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out IPv4 addresses from one CIDR block, in order from a first offset, skipping addresses in use and wrapping
 * around when the block's end is reached; an address given back is handed out again only after the others, so a
 * socket still closing on it is unlikely to meet its successor. Not thread-safe: {@link Ec2Backend} guards it.
 * Refuses blocks that contain the sandbox's fixed loopback addresses (127.0.0.1, the admin workstation; 127.0.0.2,
 * Materialize's egress address).
 */
final class AddressPool {

    private static final Ipv4Cidr RESERVED = Ipv4Cidr.parse("127.0.0.0/24").orElseThrow();

    private final String cidr;
    private final long first;
    private final long last;
    private final boolean skipZeroAndBroadcastOctets;
    private final Set<Long> inUse = new HashSet<>();
    private long next;

    /**
     * @param cidr        the block, e.g. {@code 127.31.0.0/20}
     * @param firstOffset the first host offset handed out (4 in a subnet, where AWS reserves the first four)
     * @param lastOffset  how far before the block's end to stop (1 in a subnet: AWS reserves the last address)
     * @param skipEdges   whether to skip addresses ending in {@code .0} or {@code .255} (pools spanning several /24s)
     */
    AddressPool(String cidr, int firstOffset, int lastOffset, boolean skipEdges) {
        Ipv4Cidr block = Ipv4Cidr.parse(cidr).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + cidr));
        if (block.contains(RESERVED) || RESERVED.contains(block)) {
            throw new IllegalArgumentException(cidr + " overlaps 127.0.0.0/24, where the sandbox's fixed addresses are");
        }
        long size = 1L << (32 - block.bits());
        long mask = (0xFFFFFFFFL << (32 - block.bits())) & 0xFFFFFFFFL;
        this.cidr = cidr;
        this.first = (block.address() & mask) + firstOffset;
        this.last = (block.address() & mask) + size - 1 - lastOffset;
        this.skipZeroAndBroadcastOctets = skipEdges;
        this.next = first;
        if (first > last) {
            throw new IllegalArgumentException(cidr + " is too small");
        }
    }

    /** The next free address, or empty when all are in use. */
    Optional<String> take() {
        for (long tried = 0; tried <= last - first; tried++) {
            long a = next;
            next = next == last ? first : next + 1;
            long octet = a & 0xFF;
            if (skipZeroAndBroadcastOctets && (octet == 0 || octet == 255)) {
                continue;
            }
            if (inUse.add(a)) {
                return Optional.of(format(a));
            }
        }
        return Optional.empty();
    }

    /** Gives {@code ip} back (no-op when null or not from this pool). */
    void release(String ip) {
        if (ip != null) {
            Ipv4Cidr.parse(ip).ifPresent(a -> inUse.remove(a.address()));
        }
    }

    String cidr() {
        return cidr;
    }

    static String format(long a) {
        return (a >> 24 & 0xFF) + "." + (a >> 16 & 0xFF) + "." + (a >> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
