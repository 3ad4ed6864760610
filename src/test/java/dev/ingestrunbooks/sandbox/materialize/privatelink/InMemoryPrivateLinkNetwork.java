package dev.ingestrunbooks.sandbox.materialize.privatelink;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PrivateLinkNetwork} for tests: endpoints live in a map; a test moves their status with {@link #set} and
 * opens listeners with {@link #listen} (the service's load balancer: port → where it forwards). A route exists
 * only while the endpoint is {@code available} and has a listener on the port. Every request is recorded.
 */
final class InMemoryPrivateLinkNetwork implements PrivateLinkNetwork {
    /** What Materialize asked for. */
    record Request(String connectionId, String principal, String serviceName, List<String> zoneIds) {
    }

    private final Map<String, EndpointStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, InetSocketAddress>> listeners = new ConcurrentHashMap<>();
    final List<Request> created = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public void createEndpoint(String connectionId, String principal, String serviceName, List<String> zoneIds) {
        created.add(new Request(connectionId, principal, serviceName, List.copyOf(zoneIds)));
        statuses.putIfAbsent(connectionId, EndpointStatus.unknown());
    }

    @Override
    public EndpointStatus status(String connectionId) {
        return statuses.getOrDefault(connectionId, EndpointStatus.unknown());
    }

    @Override
    public Optional<InetSocketAddress> route(String connectionId, int port) {
        if (!status(connectionId).isAvailable()) {
            return Optional.empty();
        }
        return Optional.ofNullable(listeners.getOrDefault(connectionId, Map.of()).get(port));
    }

    @Override
    public void deleteEndpoint(String connectionId) {
        deleted.add(connectionId);
        statuses.remove(connectionId);
        listeners.remove(connectionId);
    }

    /** Moves the endpoint of {@code connectionId} to {@code status}. */
    void set(String connectionId, EndpointStatus status) {
        statuses.put(connectionId, status);
    }

    /** The service forwards {@code port} to {@code target}. */
    void listen(String connectionId, int port, InetSocketAddress target) {
        listeners.computeIfAbsent(connectionId, k -> new ConcurrentHashMap<>()).put(port, target);
    }

    /** Whether an endpoint for {@code connectionId} exists. */
    boolean exists(String connectionId) {
        return statuses.containsKey(connectionId);
    }
}
