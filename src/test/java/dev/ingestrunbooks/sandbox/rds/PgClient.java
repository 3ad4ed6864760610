package dev.ingestrunbooks.sandbox.rds;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Test helper: pgJDBC connections to an endpoint, as a client of the sandbox would open them. */
final class PgClient {

    private PgClient() {
    }

    static Connection connect(InetSocketAddress endpoint, String database, String user, String password)
            throws SQLException {
        return DriverManager.getConnection(url(endpoint, database), props(user, password));
    }

    /** A logical replication connection ({@code replication=database}, simple query mode). */
    static Connection replication(InetSocketAddress endpoint, String database, String user, String password)
            throws SQLException {
        Properties props = props(user, password);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        return DriverManager.getConnection(url(endpoint, database), props);
    }

    private static String url(InetSocketAddress endpoint, String database) {
        return "jdbc:postgresql://" + endpoint.getHostString() + ":" + endpoint.getPort() + "/" + database;
    }

    private static Properties props(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return props;
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** All rows, each as a list of column strings. */
    static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String single(Connection connection, String sql) throws SQLException {
        return rows(connection, sql).get(0).get(0);
    }
}
