package dev.ingestrunbooks.sandbox.materialize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** SQL for black-box tests: statements run on a fresh connection, and rows as {@code a|b|c} strings. */
public final class JdbcRows {

    /** Opens a connection (the helper closes it). */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private JdbcRows() {
    }

    /** Runs {@code statements} one by one on one connection. */
    public static void run(Opener opener, String... statements) throws SQLException {
        try (Connection c = opener.open(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The rows of {@code sql} (null as {@code null}); closes {@code connection}. */
    public static List<String> rows(Connection connection, String sql) throws SQLException {
        try (Connection c = connection; Statement s = c.createStatement()) {
            return rows(s.executeQuery(sql));
        }
    }

    /** The rows of {@code result}, which it closes. */
    public static List<String> rows(ResultSet result) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = result) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
