package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.net.InetSocketAddress;

/**
 * A way to reach an upstream host other than dialling it directly: an SSH bastion with local port forwarding
 * (a POSTGRES connection's {@code SSH TUNNEL} option) or a PrivateLink VPC endpoint ({@code AWS PRIVATELINK}). {@link UpstreamEndpoint} asks it for a local address before
 * every connection it opens, so a tunnel that died is reopened by the next attempt (a reconnect, a resume after a
 * restart) rather than by special code in the ingestion.
 */
@FunctionalInterface
public interface UpstreamTunnel {
    /**
     * A local address whose connections are forwarded to {@code host:port} as the tunnel's far end resolves it,
     * opening or reopening the tunnel as needed.
     *
     * @throws TunnelFailure when the tunnel cannot be opened, with the text Materialize reports for it
     */
    InetSocketAddress open(String host, int port) throws TunnelFailure;
}
