package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.postgres.PgQuote;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Small JDBC helpers for the sandbox's own (internal admin) connections to its servers. */
final class Jdbc {

    private Jdbc() {
    }

    static String url(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    static Connection connect(int port, String database, Credentials credentials) throws SQLException {
        return connect("127.0.0.1", port, database, credentials);
    }

    static Connection connect(String host, int port, String database, Credentials credentials) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", credentials.user());
        if (credentials.password() != null) {
            props.setProperty("password", credentials.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "ingest-runbooks-sandbox");
        // the internal admin path is loopback to the server itself: no TLS handshake (rdsadmin is exempt from force_ssl)
        props.setProperty("sslmode", "disable");
        return DriverManager.getConnection(url(host, port, database), props);
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the first row, or null when there is no row. */
    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String quoteIdentifier(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
