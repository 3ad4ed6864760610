package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: endpoints of a sandbox RDS instance and small JDBC shortcuts. */
final class Upstream {

    private Upstream() {
    }

    static UpstreamEndpoint master(RdsPostgresInstance rds) {
        return UpstreamEndpoint.of(rds.host(), rds.port(), "postgres", rds.masterUsername(), rds.masterPassword());
    }

    static UpstreamEndpoint as(RdsPostgresInstance rds, String user, String password) {
        return UpstreamEndpoint.of(rds.host(), rds.port(), "postgres", user, password);
    }

    static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
