package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.net.Ipv4Cidr;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One inbound rule of a security group: a protocol ({@code tcp}, {@code udp}, {@code icmp} or {@code -1} for all), a
 * port range, and one peer, either an IPv4 CIDR or another security group. Two rules are the same when all of that
 * is equal (the description does not count, as in AWS).
 *
 * @param protocol  as sent, lower case ({@code tcp}, or {@code -1})
 * @param fromPort  first port ({@code -1} with protocol {@code -1})
 * @param toPort    last port
 * @param cidr      the IPv4 peer, e.g. {@code 127.0.0.2/32}, or null
 * @param peerGroup the peer security group id, or null
 */
public record IngressRule(String protocol, int fromPort, int toPort, String cidr, String peerGroup,
        String description) {

    public IngressRule {
        protocol = protocol.toLowerCase(Locale.ROOT);
        if ((cidr == null) == (peerGroup == null)) {
            throw new IllegalArgumentException("a rule has one peer, a CIDR or a security group");
        }
    }

    /** The same rule, whatever its description. */
    public boolean sameAs(IngressRule other) {
        return protocol.equals(other.protocol) && fromPort == other.fromPort && toPort == other.toPort
                && java.util.Objects.equals(cidr, other.cidr) && java.util.Objects.equals(peerGroup, other.peerGroup);
    }

    /** Whether a TCP client from {@code address} to {@code port} matches this rule's CIDR peer. */
    public boolean admitsTcp(InetAddress address, int port) {
        return coversTcp(port) && cidr != null && address.getAddress().length == 4
                && Ipv4Cidr.contains(cidr, address.getHostAddress());
    }

    /** Whether this rule's protocol and port range cover TCP to {@code port}, whoever the peer. */
    public boolean coversTcp(int port) {
        boolean protocolOk = protocol.equals("-1") || protocol.equals("tcp") || protocol.equals("6");
        boolean portOk = protocol.equals("-1") || port >= fromPort && port <= toPort;
        return protocolOk && portOk;
    }

    /** {@code peer: 127.0.0.2/32, TCP, from port: 5432, to port: 5432, ALLOW}. */
    String describe() {
        String proto = protocol.equals("-1") ? "ALL" : protocol.toUpperCase(Locale.ROOT);
        return "peer: " + (cidr != null ? cidr : peerGroup) + ", " + proto + ", from port: " + fromPort
                + ", to port: " + toPort + ", ALLOW";
    }

    /** Whether {@code cidr} is a valid IPv4 CIDR such as {@code 203.0.113.10/32}. */
    static boolean validCidr(String cidr) {
        return cidr != null && cidr.contains("/") && Ipv4Cidr.parse(cidr).isPresent();
    }
}
