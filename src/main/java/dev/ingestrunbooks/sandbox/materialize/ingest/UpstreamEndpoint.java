package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * Where a Materialize PostgreSQL connection points: the upstream host, port, database and login, plus an optional
 * local source address (e.g. {@code 127.0.0.2}) that outbound sockets bind to, so that the upstream (and an
 * emulated security group) sees the sandbox Materialize's own egress address (pgJDBC {@code localSocketAddress}).
 *
 * <p>With a {@link UpstreamTunnel} (a POSTGRES connection's {@code SSH TUNNEL}, or its {@code AWS PRIVATELINK}
 * endpoint), every connection is opened to the address the tunnel gives for {@code host:port}, asked for anew each
 * time so a dead tunnel is reopened or an endpoint that became available is used; {@code host} stays the name the
 * connection was given. These sockets do not bind the egress address: they leave through the tunnel or endpoint.
 *
 * <p>TLS follows the connection's {@code SSL MODE} ({@link UpstreamTls}); through a tunnel, TLS runs inside it, end
 * to end with the upstream server, as in Materialize. A failed TLS negotiation is reported in Materialize's words
 * ({@link UpstreamTlsErrors}).
 *
 * <p>Limits: no client certificates; {@code password} may be null (trust authentication).
 */
public record UpstreamEndpoint(String host, int port, String database, String user, String password,
        Optional<String> localAddress, Optional<UpstreamTunnel> tunnel, UpstreamTls tls) {

    public UpstreamEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        localAddress = Objects.requireNonNullElse(localAddress, Optional.empty());
        tunnel = Objects.requireNonNullElse(tunnel, Optional.empty());
        tls = Objects.requireNonNullElse(tls, UpstreamTls.DISABLED);
    }

    /** A direct endpoint (no tunnel), plain text. */
    public UpstreamEndpoint(String host, int port, String database, String user, String password,
            Optional<String> localAddress) {
        this(host, port, database, user, password, localAddress, Optional.empty(), UpstreamTls.DISABLED);
    }

    /** The same endpoint with the connection's SSL options (see {@link UpstreamTls}). */
    public UpstreamEndpoint withTls(UpstreamTls options) {
        return new UpstreamEndpoint(host, port, database, user, password, localAddress, tunnel, options);
    }

    public static UpstreamEndpoint of(String host, int port, String database, String user, String password) {
        return new UpstreamEndpoint(host, port, database, user, password, Optional.empty());
    }

    /** The same endpoint with outbound sockets bound to {@code address}. */
    public UpstreamEndpoint withLocalAddress(String address) {
        return new UpstreamEndpoint(host, port, database, user, password, Optional.of(address), tunnel, tls);
    }

    /** The same endpoint reached through {@code through} (host and port are then resolved at the tunnel's end). */
    public UpstreamEndpoint withTunnel(UpstreamTunnel through) {
        return new UpstreamEndpoint(host, port, database, user, password, localAddress, Optional.of(through), tls);
    }

    /**
     * How long a connection attempt may take before it fails as {@code timed out}: shorter than Materialize's, as
     * {@link dev.ingestrunbooks.sandbox.materialize.ssh.SshTunnelManager#CONNECT_TIMEOUT} and for the same reason.
     */
    static final int LOGIN_TIMEOUT_SECONDS = 4;

    /** A normal SQL session. */
    public Connection connect() throws SQLException {
        InetSocketAddress target = target();
        try {
            return DriverManager.getConnection(url(target), properties());
        } catch (SQLException e) {
            throw UpstreamTlsErrors.translate(e);
        }
    }

    /** A {@code replication=database} (walsender) session, in simple query mode as logical replication requires. */
    public Connection connectReplication() throws SQLException {
        InetSocketAddress target = target();
        Properties props = properties();
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        try {
            return DriverManager.getConnection(url(target), props);
        } catch (SQLException e) {
            throw UpstreamTlsErrors.translate(e);
        }
    }

    /** Where to dial: the tunnel's local end for {@code host:port}, or {@code host:port} itself (unresolved). */
    private InetSocketAddress target() throws SQLException {
        if (tunnel.isPresent()) {
            return tunnel.get().open(host, port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private String url(InetSocketAddress target) {
        String address = target.isUnresolved() ? target.getHostString() : target.getAddress().getHostAddress();
        return "jdbc:postgresql://" + address + ":" + target.getPort() + "/" + database;
    }

    private Properties properties() {
        Properties props = new Properties();
        PGProperty.USER.set(props, user);
        if (password != null) {
            PGProperty.PASSWORD.set(props, password);
        }
        PGProperty.CONNECT_TIMEOUT.set(props, 10);
        // a client a security group drops hears nothing: give up as Materialize's connect timeout does
        PGProperty.LOGIN_TIMEOUT.set(props, LOGIN_TIMEOUT_SECONDS);
        PGProperty.APPLICATION_NAME.set(props, "materialize");
        tlsProperties(props);
        if (tunnel.isEmpty()) {
            // through a tunnel the socket only reaches the local forwarder; the tunnel leaves from the egress address
            localAddress.ifPresent(address -> PGProperty.LOCAL_SOCKET_ADDRESS.set(props, address));
        }
        return props;
    }

    /**
     * pgJDBC's TLS settings for {@link #tls}: {@code disable} and {@code require} map to pgJDBC's own modes
     * ({@code require} does not check the certificate); both verifying modes run pgJDBC in {@code verify-ca}. Every
     * TLS mode uses {@link UpstreamSslFactory}, which offers ChaCha20-Poly1305 first, and for the verifying modes
     * trusts the connection's CA in memory and, for {@code verify_full}, checks the certificate against
     * {@link #host} (not the tunnel's local address).
     */
    private void tlsProperties(Properties props) {
        switch (tls.mode()) {
            case "disable" -> PGProperty.SSL_MODE.set(props, "disable");
            default -> {
                boolean require = "require".equals(tls.mode());
                PGProperty.SSL_MODE.set(props, require ? "require" : "verify-ca");
                PGProperty.SSL_FACTORY.set(props, UpstreamSslFactory.class.getName());
                PGProperty.SSL_FACTORY_ARG.set(props, UpstreamSslFactory.argument(tls.mode(),
                        "verify_full".equals(tls.mode()) ? host : "", tls.certificateAuthority().orElse("")));
            }
        }
    }

    @Override
    public String toString() {
        return "UpstreamEndpoint[" + user + "@" + host + ":" + port + "/" + database
                + localAddress.map(a -> " from " + a).orElse("") + (tunnel.isPresent() ? " via tunnel" : "") + " ssl "
                + tls.mode() + "]";
    }
}
