package dev.ingestrunbooks.net;

import java.util.Optional;

/**
 * An IPv4 CIDR block such as {@code 203.0.113.10/32}: what a security group rule admits, what {@code mz_egress_ips}
 * lists. The one place that parses and compares them, for the sandbox's network and the compliance checks alike.
 *
 * @param address the address as an unsigned 32-bit value
 * @param bits    the prefix length, 0..32
 */
public record Ipv4Cidr(long address, int bits) {

    /** {@code a.b.c.d/n} (or a bare address, a /32); empty when it is not one. */
    public static Optional<Ipv4Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        try {
            long address = 0;
            for (String octet : octets) {
                if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                    return Optional.empty();
                }
                int v = Integer.parseInt(octet);
                if (v > 255) {
                    return Optional.empty();
                }
                address = address << 8 | v;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            return bits < 0 || bits > 32 ? Optional.empty() : Optional.of(new Ipv4Cidr(address, bits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this block contains all of {@code inner}. */
    public boolean contains(Ipv4Cidr inner) {
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return inner.bits >= bits && (address & mask) == (inner.address & mask);
    }

    /** Whether {@code outer} contains all of {@code inner}; false when either is not a CIDR. */
    public static boolean contains(String outer, String inner) {
        Optional<Ipv4Cidr> o = parse(outer);
        Optional<Ipv4Cidr> i = parse(inner);
        return o.isPresent() && i.isPresent() && o.get().contains(i.get());
    }
}
