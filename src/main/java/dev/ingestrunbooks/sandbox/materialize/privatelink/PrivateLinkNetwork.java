package dev.ingestrunbooks.sandbox.materialize.privatelink;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox Materialize needs from "AWS" to run {@code AWS PRIVATELINK} connections: the part Materialize's
 * cloud resource controller plays (it asks for a VPC endpoint per connection, reads the endpoint's state, deletes
 * it), plus where the endpoint's network interface answers. The sandbox implements it over its AWS emulator; the
 * Materialize emulator never depends on that emulator directly. Install it with
 * {@code MaterializeEmulator.withPrivateLinkNetwork(…)}; without one the emulator behaves like a Materialize
 * environment without PrivateLink support (docs/materialize.md §2.3, §2.5).
 *
 * <p>Contract:
 * <ul>
 * <li>every method may be called from any thread and must return quickly (no waiting for AWS to converge);</li>
 * <li>{@link #createEndpoint} is an <em>ensure</em>: called again for a connection id that already has an endpoint
 *     (the emulator does so after a restart on saved state, as Materialize's coordinator re-ensures every endpoint
 *     when it boots) it keeps that endpoint and its state;</li>
 * <li>{@link #deleteEndpoint} of an unknown id does nothing.</li>
 * </ul>
 * Connection ids are Materialize catalog ids such as {@code u5}; the endpoint is what Materialize names
 * {@code connection-<id>}.
 */
public interface PrivateLinkNetwork {
    /**
     * Materialize asks for a VPC endpoint to {@code serviceName} in the zones {@code zoneIds} (AZ ids such as
     * {@code use1-az1}; empty for the cross-region form, where AWS picks the zones), connecting as the IAM role
     * {@code principal} (the value {@code mz_aws_privatelink_connections.principal} shows, which the service
     * owner must allow). Called on CREATE CONNECTION and again after a restart.
     */
    void createEndpoint(String connectionId, String principal, String serviceName, List<String> zoneIds);

    /** The endpoint's current state; {@link EndpointStatus#unknown()} for an id without an endpoint. */
    EndpointStatus status(String connectionId);

    /**
     * Where to open a TCP connection to reach {@code port} of the service behind the endpoint (the network load
     * balancer's listener), while the endpoint is available; empty otherwise, which Materialize experiences as the
     * endpoint's DNS name not resolving.
     */
    Optional<InetSocketAddress> route(String connectionId, int port);

    /** The connection was dropped: remove its endpoint. */
    void deleteEndpoint(String connectionId);
}
