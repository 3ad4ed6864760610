package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidationError;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidator;
import dev.ingestrunbooks.sandbox.materialize.ingest.TunnelFailure;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamEndpoint;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTls;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTunnel;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints;
import dev.ingestrunbooks.sandbox.materialize.ssh.SshBastion;
import dev.ingestrunbooks.sandbox.materialize.ssh.SshKeyPairSet;
import dev.ingestrunbooks.sandbox.materialize.ssh.SshTunnelError;
import dev.ingestrunbooks.sandbox.materialize.ssh.SshTunnelManager;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Turns a catalog connection into the {@link UpstreamEndpoint} an ingestion reaches its upstream through: the
 * connection's options with its secrets resolved, bound to the egress address, with its SSL options, and through its
 * SSH tunnel or PrivateLink endpoint; also VALIDATE CONNECTION, and the SSH tunnels' lifetime.
 *
 * <p>A POSTGRES connection with {@code SSH TUNNEL x} goes through x's bastion ({@link SshTunnelManager}: the SSH
 * session binds to the egress address and forwards to the connection's HOST:PORT), for validation, snapshot,
 * streaming, reconnects and resumes alike, because the tunnel travels inside the {@link UpstreamEndpoint}. A POSTGRES
 * connection with {@code AWS PRIVATELINK x} travels the same seam: its tunnel is the route the PrivateLink network
 * gives for x's endpoint and the connection's PORT ({@link PrivateLinkEndpoints#tunnel}).
 */
final class ConnectionEndpoints implements AutoCloseable {
    private final MzCatalog catalog;
    private final Map<String, Map<String, String>> connectionSecrets = new ConcurrentHashMap<>();
    private final String egressAddress;
    private final SshTunnelManager tunnels;
    private final PrivateLinkEndpoints privateLinks;
    private final Predicate<String> running;

    /**
     * {@code egressAddress}: the local address upstream connections bind to ({@code mz_egress_ips});
     * {@code privateLinks}: the environment's PrivateLink endpoints; {@code running}: whether the source with a
     * catalog id has a running ingestion (its SSH tunnel stays open).
     */
    ConnectionEndpoints(MzCatalog catalog, String egressAddress, PrivateLinkEndpoints privateLinks,
            Predicate<String> running) {
        this.catalog = catalog;
        this.egressAddress = egressAddress;
        this.privateLinks = privateLinks;
        this.running = running;
        this.tunnels = new SshTunnelManager(egressAddress);
    }

    /** Remembers which options of a connection are secrets ({@code PASSWORD} → secret name). */
    void connectionCreated(String connection, Map<String, String> secretOptions) {
        connectionSecrets.put(connection, Map.copyOf(secretOptions));
    }

    /** Which options of each connection are secrets (connection → option → secret name), to save. */
    Map<String, Map<String, String>> connectionSecretOptions() {
        return Map.copyOf(connectionSecrets);
    }

    /** A dropped connection: forgets its secrets, closes its SSH tunnels and releases its PrivateLink endpoint. */
    void connectionDropped(Connection c) {
        connectionSecrets.remove(c.name());
        tunnels.closeTunnelsOf(c.id());
        if (c.kind() == ConnectionKind.AWS_PRIVATELINK) {
            privateLinks.dropped(c.id());
        }
    }

    /**
     * VALIDATE CONNECTION: a POSTGRES connection is opened with its options (secrets resolved, through its SSH
     * TUNNEL if it has one) and checked as Materialize does (docs/materialize.md §2.5); an SSH TUNNEL connection
     * opens a fresh session to its bastion with its primary key and closes it again. Failures are {@code 58000}
     * with the validation error's text. An AWS PRIVATELINK connection reads its endpoint's status
     * ({@link PrivateLinkEndpoints#validate}), also 58000 when it fails.
     */
    void validateConnection(String name) throws SqlError {
        Connection connection = catalog.connection(name);
        if (connection.kind() == ConnectionKind.AWS_PRIVATELINK) {
            Optional<String> failure = privateLinks.validate(connection);
            if (failure.isPresent()) {
                throw new SqlError("ERROR", SourceValidationError.SYSTEM_ERROR, failure.get(), null, null);
            }
            return;
        }
        if (connection.kind() == ConnectionKind.SSH_TUNNEL) {
            try {
                tunnels.validate(bastion(connection), keys(connection).primary());
            } catch (SshTunnelError e) {
                throw new SqlError("ERROR", SourceValidationError.SYSTEM_ERROR, e.getMessage(), null, null);
            }
            return;
        }
        if (connection.kind() != ConnectionKind.POSTGRES) {
            throw SqlError.featureNotSupported("the sandbox Materialize validates only POSTGRES and SSH TUNNEL"
                    + " connections");
        }
        try {
            SourceValidator.validateConnection(endpoint(connection));
        } catch (SourceValidationError e) {
            throw Errors.of(e);
        } finally {
            closeIdleTunnels();
        }
    }

    /**
     * Where a POSTGRES connection points, secrets resolved, bound to the egress address, with its {@code SSL MODE} and
     * {@code SSL CERTIFICATE AUTHORITY}; with {@code SSH TUNNEL x},
     * reached through x's bastion; with {@code AWS PRIVATELINK x}, through x's endpoint (HOST stays as written, the
     * socket goes to the endpoint's route for PORT).
     */
    UpstreamEndpoint endpoint(Connection connection) {
        Map<String, String> options = connection.options();
        Map<String, String> secrets = connectionSecrets.getOrDefault(connection.name(), Map.of());
        UpstreamEndpoint endpoint = UpstreamEndpoint.of(value(options, secrets, "HOST"),
                Integer.parseInt(value(options, secrets, "PORT")), value(options, secrets, "DATABASE"),
                value(options, secrets, "USER"), value(options, secrets, "PASSWORD")).withLocalAddress(egressAddress)
                .withTls(UpstreamTls.of(options.get("SSL MODE"), value(options, secrets, "SSL CERTIFICATE AUTHORITY")));
        String ssh = options.get("SSH TUNNEL");
        if (ssh != null) {
            return endpoint.withTunnel(tunnel(catalog.connection(ssh).id()));
        }
        String privateLink = options.get("AWS PRIVATELINK");
        if (privateLink != null) {
            // the id is captured here: a running source keeps reaching its upstream (e.g. to drop its slot) while
            // it is dropped together with the PrivateLink connection (CASCADE)
            return endpoint.withTunnel(privateLinks.tunnel(catalog.connection(privateLink).id()));
        }
        return endpoint;
    }

    /** Closes the tunnels of SSH connections that no running source goes through. */
    void closeIdleTunnels() {
        Set<String> used = new HashSet<>();
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s && s.kind() == SourceKind.POSTGRES && running.test(s.id())) {
                catalog.byId(s.connectionId()).map(c -> ((Connection) c).options().get("SSH TUNNEL"))
                        .flatMap(catalog::find).ifPresent(ssh -> used.add(ssh.id()));
            }
        }
        tunnels.retainOnly(used);
    }

    /**
     * The tunnel through the SSH connection with id {@code sshId}: looked up at every use, so a rotated key is used
     * by the next new session and a dropped connection fails cleanly.
     */
    private UpstreamTunnel tunnel(String sshId) {
        return (host, port) -> {
            Optional<Connection> current = catalog.byId(sshId).filter(Connection.class::isInstance)
                    .map(Connection.class::cast);
            if (current.isEmpty()) {
                // dropped with CASCADE: the dependent source still drops its slot through the open session
                return tunnels.openTunnel(sshId, host, port).orElseThrow(() -> new TunnelFailure("ssh",
                        "SSH connection " + sshId + " no longer exists"));
            }
            Connection ssh = current.get();
            try {
                return tunnels.forward(sshId, bastion(ssh), keys(ssh).primary(), host, port);
            } catch (SshTunnelError e) {
                throw new TunnelFailure("ssh", e.getMessage());
            }
        };
    }

    private static SshBastion bastion(Connection ssh) {
        return new SshBastion(ssh.options().get("HOST"), Integer.parseInt(ssh.options().get("PORT")),
                ssh.options().get("USER"));
    }

    private SshKeyPairSet keys(Connection ssh) {
        return SshKeyPairSet.decode(catalog.revealConnectionMaterial(ssh.name())
                .orElseThrow(() -> new IllegalStateException("SSH connection " + ssh.name() + " has no keys")));
    }

    private String value(Map<String, String> options, Map<String, String> secrets, String option) {
        if (secrets.containsKey(option)) {
            return catalog.revealSecretForUpstream(secrets.get(option));
        }
        return options.get(option);
    }

    /** Closes every SSH tunnel. */
    @Override
    public void close() {
        tunnels.close();
    }
}
