package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.ec2.EndpointServices;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend;
import dev.ingestrunbooks.sandbox.materialize.privatelink.EndpointStatus;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkNetwork;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Materialize's side of AWS PrivateLink in the sandbox, over the AWS emulator: for each {@code AWS PRIVATELINK}
 * connection, the interface VPC endpoint Materialize's account creates to the user's endpoint service, and the path
 * its traffic takes, endpoint → the service's network load balancer → a target.
 *
 * <p>As Materialize's cloud controller does, the endpoint is asked for on CREATE CONNECTION and asked for again (every
 * 200 ms, in the background) until AWS lets it exist: until the service's owner allows the connection's principal, AWS answers that the service does
 * not exist, and the status stays {@code pending-service-discovery} with AWS's message. Statuses follow the endpoint's
 * AWS state ({@code pendingAcceptance} → {@code pending-acceptance}, …). Traffic flows only while the endpoint is
 * {@code available}: {@link #route} is then the NLB listener of that port (whose forwarder picks a healthy target,
 * or any target when none is healthy, as an NLB fails open); otherwise there is no route, which Materialize meets as
 * a name that does not resolve.
 *
 * <p>Limits: one route per connection whatever the zones (the NLB's first listener address for the port); a rejected
 * or deleted endpoint stops new connections, not ones already open.
 */
final class SandboxPrivateLink implements PrivateLinkNetwork, AutoCloseable {
    /** How often an endpoint AWS refused is asked for again (Materialize's controller keeps reconciling). */
    private static final long RETRY_MILLIS = 200;

    private record Request(String principal, String serviceName, List<String> zoneIds) {
    }

    private final Ec2Backend ec2;
    private final Elbv2Backend elbv2;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    private final java.util.concurrent.ScheduledExecutorService retries;

    SandboxPrivateLink(Ec2Backend ec2, Elbv2Backend elbv2) {
        this.ec2 = ec2;
        this.elbv2 = elbv2;
        this.retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "privatelink-endpoints");
            t.setDaemon(true);
            return t;
        });
        retries.scheduleWithFixedDelay(this::retryRefused, RETRY_MILLIS, RETRY_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Asks again for every endpoint AWS has refused so far (e.g. until the service's owner allows the principal). */
    private void retryRefused() {
        for (String connectionId : requests.keySet()) {
            if (!endpoints.containsKey(connectionId)) {
                ensure(connectionId);
            }
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    @Override
    public void createEndpoint(String connectionId, String principal, String serviceName, List<String> zoneIds) {
        requests.putIfAbsent(connectionId, new Request(principal, serviceName, List.copyOf(zoneIds)));
        ensure(connectionId);
    }

    /** Asks AWS for the endpoint when there is none yet; remembers AWS's refusal for the status. */
    private Optional<EndpointServices.Endpoint> ensure(String connectionId) {
        String existing = endpoints.get(connectionId);
        if (existing != null) {
            return ec2.endpoint(existing);
        }
        Request request = requests.get(connectionId);
        if (request == null) {
            return Optional.empty();
        }
        synchronized (this) {
            if (endpoints.containsKey(connectionId)) {
                return ec2.endpoint(endpoints.get(connectionId));
            }
            try {
                EndpointServices.Endpoint endpoint = ec2.requestEndpoint(request.serviceName(), request.principal(),
                        request.zoneIds());
                endpoints.put(connectionId, endpoint.id());
                refusals.remove(connectionId);
                return Optional.of(endpoint);
            } catch (AwsException | IllegalArgumentException e) {
                refusals.put(connectionId, e.getMessage());
                return Optional.empty();
            }
        }
    }

    @Override
    public EndpointStatus status(String connectionId) {
        if (!requests.containsKey(connectionId)) {
            return EndpointStatus.unknown();
        }
        Optional<EndpointServices.Endpoint> endpoint = ensure(connectionId);
        if (endpoint.isEmpty()) {
            String refusal = refusals.get(connectionId);
            return endpoints.containsKey(connectionId) ? EndpointStatus.of("deleted")
                    : refusal != null ? EndpointStatus.of("pending-service-discovery", refusal)
                    : EndpointStatus.of("pending-service-discovery");
        }
        EndpointServices.Endpoint e = endpoint.get();
        return switch (e.state()) {
            case "available" -> EndpointStatus.available();
            case "pendingAcceptance" -> EndpointStatus.of("pending-acceptance", "VPC endpoint " + e.id()
                    + " is pendingAcceptance: the endpoint service's owner has not accepted it");
            case "pending" -> EndpointStatus.of("pending", "VPC endpoint " + e.id() + " is pending");
            case "rejected" -> EndpointStatus.of("rejected", "VPC endpoint " + e.id()
                    + " is rejected: the endpoint service's owner rejected it");
            case "deleting", "deleted" -> EndpointStatus.of("deleted", "VPC endpoint " + e.id() + " is " + e.state());
            default -> EndpointStatus.of("failed", "VPC endpoint " + e.id() + " is " + e.state());
        };
    }

    @Override
    public Optional<InetSocketAddress> route(String connectionId, int port) {
        Optional<EndpointServices.Endpoint> endpoint = ensure(connectionId);
        if (endpoint.isEmpty() || !"available".equals(endpoint.get().state())) {
            return Optional.empty();
        }
        EndpointServices.EndpointService service = ec2.endpointService(endpoint.get().serviceId());
        return service.networkLoadBalancerArns().stream()
                .map(arn -> elbv2.listenerAddress(arn, port)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public void deleteEndpoint(String connectionId) {
        requests.remove(connectionId);
        refusals.remove(connectionId);
        String id = endpoints.remove(connectionId);
        if (id != null) {
            ec2.deleteEndpoint(id);
        }
    }
}
