package dev.ingestrunbooks.sandbox.materialize.privatelink;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.ingest.TunnelFailure;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTunnel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's side of {@code AWS PRIVATELINK} connections, what Materialize's coordinator and connection code do
 * around its cloud resource controller (docs/materialize.md §2.3, §2.5, §3):
 * <ul>
 * <li>the principal of a connection, {@code arn:aws:iam::<account>:role/mz_<external id prefix>_<connection id>};</li>
 * <li>asking the {@link PrivateLinkNetwork} for an endpoint when a connection is created (and again for every
 *     connection after a restart), deleting it when the connection is dropped;</li>
 * <li>the status history: the network's status is <b>polled</b> right after the endpoint is requested, before
 *     {@code VALIDATE CONNECTION}, and whenever a query reads one of the status relations; each poll appends a
 *     row per connection whose status changed since the last one (the history is in memory: after a restart the
 *     first poll records the current status again);</li>
 * <li>VALIDATE CONNECTION's verdict from the endpoint's {@code Available} condition;</li>
 * <li>the {@link UpstreamTunnel} through which a POSTGRES connection's {@code AWS PRIVATELINK x} reaches its
 *     upstream: the socket goes to the network's route for the connection's PORT, while HOST stays as written.</li>
 * </ul>
 * Without a network the environment has no PrivateLink: creating such a connection fails on the
 * {@code max_aws_privatelink_connections} limit (0), validating one reports that PrivateLink is unsupported.
 *
 * <p>Limits: no retry of a failed endpoint request or delete (logged; Materialize retries deletes in the
 * background); statuses are only as fresh as the last poll; no per-zone routes (Materialize's POSTGRES connections
 * use the zone-less endpoint name too).
 */
public final class PrivateLinkEndpoints {
    /**
     * What a POSTGRES connection through PrivateLink fails with while the endpoint has no route: Materialize
     * resolves the endpoint's DNS name {@code connection-<id>} first, and that name exists only once the endpoint
     * does; the resolver's error arrives as {@code PostgresError::Io}.
     */
    public static final String NO_ROUTE = "IO error in connection: failed to lookup address information:"
            + " Name or service not known";
    /** VALIDATE CONNECTION without PrivateLink support. */
    public static final String UNSUPPORTED = "AWS PrivateLink connections are unsupported";
    /** VALIDATE CONNECTION of an endpoint without an {@code Available} condition. */
    public static final String AVAILABILITY_UNKNOWN = "Endpoint availability is unknown";
    private static final Logger LOG = LoggerFactory.getLogger(PrivateLinkEndpoints.class);

    private final Optional<PrivateLinkNetwork> network;
    private final PrivateLinkConfig config;
    private final String externalIdPrefix;
    private final Clock clock;
    private final List<List<Object>> history = new ArrayList<>();
    private final Map<String, String> lastStatus = new HashMap<>();

    /**
     * @param network          the SPI, or empty for an environment without PrivateLink
     * @param config           account, region zone ids
     * @param externalIdPrefix the environment's external id prefix (the config's, or one the engine keeps)
     */
    public PrivateLinkEndpoints(Optional<PrivateLinkNetwork> network, PrivateLinkConfig config,
            String externalIdPrefix) {
        this(network, config, externalIdPrefix, Clock.systemUTC());
    }

    PrivateLinkEndpoints(Optional<PrivateLinkNetwork> network, PrivateLinkConfig config, String externalIdPrefix,
            Clock clock) {
        this.network = Objects.requireNonNull(network, "network");
        this.config = Objects.requireNonNull(config, "config");
        this.externalIdPrefix = Objects.requireNonNull(externalIdPrefix, "externalIdPrefix");
        this.clock = clock;
    }

    /** Whether this environment has PrivateLink (a network is installed). */
    public boolean supported() {
        return network.isPresent();
    }

    /**
     * The zone ids {@code AVAILABILITY ZONES} are checked against: the region's when PrivateLink is supported;
     * empty (no check) otherwise, as Materialize knows no zone list outside its cloud.
     */
    public Optional<List<String>> knownZoneIds() {
        return network.map(n -> config.zoneIds());
    }

    /** {@code arn:aws:iam::<account>:role/mz_<external id prefix>_<connection id>}. */
    public String principal(String connectionId) {
        return "arn:aws:iam::" + config.awsAccountId() + ":role/mz_" + externalIdPrefix + "_" + connectionId;
    }

    /** A PrivateLink connection was created: request its endpoint and record its first status. */
    public void created(Connection connection) {
        ensure(connection);
        poll(List.of(connection));
    }

    /** After a restart on saved state: re-request every connection's endpoint (an ensure, see the SPI). */
    public void resumed(List<CatalogItem> items) {
        List<Connection> connections = privateLinks(items);
        connections.forEach(this::ensure);
        poll(connections);
    }

    private void ensure(Connection connection) {
        network.ifPresent(n -> {
            try {
                n.createEndpoint(connection.id(), principal(connection.id()),
                        connection.options().get("SERVICE NAME"), zones(connection));
            } catch (RuntimeException e) {
                // Materialize logs a failed ensure and keeps the connection
                LOG.warn("failed to ensure the VPC endpoint of {}: {}", connection.id(), e.toString());
            }
        });
    }

    /** A PrivateLink connection was dropped: delete its endpoint. */
    public void dropped(String connectionId) {
        network.ifPresent(n -> {
            try {
                n.deleteEndpoint(connectionId);
            } catch (RuntimeException e) {
                LOG.warn("failed to delete the VPC endpoint of {}: {}", connectionId, e.toString());
            }
        });
        synchronized (this) {
            lastStatus.remove(connectionId);
        }
    }

    /** Reads the status of each PrivateLink connection among {@code items}, recording those that changed. */
    public void poll(List<? extends CatalogItem> items) {
        if (network.isEmpty()) {
            return;
        }
        for (Connection c : privateLinks(items)) {
            EndpointStatus status = status(c.id());
            synchronized (this) {
                if (!status.status().equals(lastStatus.get(c.id()))) {
                    lastStatus.put(c.id(), status.status());
                    history.add(Arrays.asList(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                            .toString(), c.id(), status.status()));
                }
            }
        }
    }

    private EndpointStatus status(String connectionId) {
        try {
            return Objects.requireNonNullElse(network.orElseThrow().status(connectionId), EndpointStatus.unknown());
        } catch (RuntimeException e) {
            LOG.warn("reading the VPC endpoint status of {} failed: {}", connectionId, e.toString());
            return EndpointStatus.unknown();
        }
    }

    /**
     * VALIDATE CONNECTION of the PrivateLink connection {@code connection}: empty when its endpoint is available,
     * else the error text (docs/materialize.md §2.5).
     */
    public Optional<String> validate(Connection connection) {
        if (network.isEmpty()) {
            return Optional.of(UNSUPPORTED);
        }
        poll(List.of(connection));
        EndpointStatus status = status(connection.id());
        if (status.isAvailable()) {
            return Optional.empty();
        }
        return Optional.of(status.message().orElse(AVAILABILITY_UNKNOWN));
    }

    /**
     * The tunnel of a POSTGRES connection with {@code AWS PRIVATELINK x}, x having id {@code privateLinkId}: asks
     * the network for the route to the requested port at every connection attempt (validation, snapshot, stream,
     * reconnect, resume, slot drop), so an endpoint that becomes available later is used from then on. Looked up
     * by id, so a source dropped together with its connection still reaches its upstream to drop its slot.
     */
    public UpstreamTunnel tunnel(String privateLinkId) {
        return (host, port) -> {
            Optional<InetSocketAddress> route;
            try {
                route = network.flatMap(n -> n.route(privateLinkId, port));
            } catch (RuntimeException e) {
                LOG.warn("asking for the route of {} failed: {}", privateLinkId, e.toString());
                route = Optional.empty();
            }
            return route.orElseThrow(() -> new TunnelFailure("postgres", NO_ROUTE));
        };
    }

    /** {@code mz_catalog.mz_aws_privatelink_connections (id, principal)}. */
    public CatalogRelation connections(List<CatalogItem> items) {
        List<List<Object>> rows = new ArrayList<>();
        privateLinks(items).forEach(c -> rows.add(Arrays.asList(c.id(), principal(c.id()))));
        return new CatalogRelation("mz_catalog.mz_aws_privatelink_connections",
                columns("id", "text", "principal", "text"), rows);
    }

    /** {@code mz_internal.mz_aws_privatelink_connection_status_history (occurred_at, connection_id, status)}. */
    public synchronized CatalogRelation statusHistory() {
        return new CatalogRelation("mz_internal.mz_aws_privatelink_connection_status_history",
                columns("occurred_at", "timestamptz", "connection_id", "text", "status", "text"),
                List.copyOf(history));
    }

    /**
     * {@code mz_internal.mz_aws_privatelink_connection_statuses (id, name, last_status_change_at, status)}: the
     * latest change of each existing connection that has one (Materialize's view joins the history to
     * {@code mz_connections}).
     */
    public synchronized CatalogRelation statuses(List<CatalogItem> items) {
        Map<String, List<Object>> latest = new LinkedHashMap<>();
        history.forEach(row -> latest.put((String) row.get(1), row));
        List<List<Object>> rows = new ArrayList<>();
        for (Connection c : privateLinks(items)) {
            List<Object> change = latest.get(c.id());
            if (change != null) {
                rows.add(Arrays.asList(c.id(), c.name(), change.get(0), change.get(2)));
            }
        }
        return new CatalogRelation("mz_internal.mz_aws_privatelink_connection_statuses",
                columns("id", "text", "name", "text", "last_status_change_at", "timestamptz", "status", "text"), rows);
    }

    private static List<Connection> privateLinks(List<? extends CatalogItem> items) {
        return items.stream().filter(i -> i instanceof Connection c && c.kind() == ConnectionKind.AWS_PRIVATELINK)
                .map(Connection.class::cast).toList();
    }

    private static List<String> zones(Connection connection) {
        String joined = connection.options().getOrDefault("AVAILABILITY ZONES", "");
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static List<CatalogRelation.Column> columns(String... namesAndTypes) {
        List<CatalogRelation.Column> columns = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.add(new CatalogRelation.Column(namesAndTypes[i], namesAndTypes[i + 1]));
        }
        return columns;
    }
}
