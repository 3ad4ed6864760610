package dev.ingestrunbooks.sandbox.materialize.ingest;

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
 * <p>Limits: no TLS and no SSH tunnel; {@code password} may be null (trust authentication).
 */
public record UpstreamEndpoint(String host, int port, String database, String user, String password,
        Optional<String> localAddress) {

    public UpstreamEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        localAddress = Objects.requireNonNullElse(localAddress, Optional.empty());
    }

    public static UpstreamEndpoint of(String host, int port, String database, String user, String password) {
        return new UpstreamEndpoint(host, port, database, user, password, Optional.empty());
    }

    /** The same endpoint with outbound sockets bound to {@code address}. */
    public UpstreamEndpoint withLocalAddress(String address) {
        return new UpstreamEndpoint(host, port, database, user, password, Optional.of(address));
    }

    /** How long a connection attempt may take before it fails as {@code timed out} (shorter than Materialize's). */
    static final int LOGIN_TIMEOUT_SECONDS = 8;

    /** A normal SQL session. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), properties());
    }

    /** A {@code replication=database} (walsender) session, in simple query mode as logical replication requires. */
    public Connection connectReplication() throws SQLException {
        Properties props = properties();
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        return DriverManager.getConnection(url(), props);
    }

    private String url() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
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
        localAddress.ifPresent(address -> PGProperty.LOCAL_SOCKET_ADDRESS.set(props, address));
        return props;
    }

    @Override
    public String toString() {
        return "UpstreamEndpoint[" + user + "@" + host + ":" + port + "/" + database
                + localAddress.map(a -> " from " + a).orElse("") + "]";
    }
}
