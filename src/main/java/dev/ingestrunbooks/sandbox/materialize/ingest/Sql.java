package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Identifier quoting and tiny JDBC helpers shared by the ingest classes. */
final class Sql {

    private Sql() {
    }

    /** Always quotes, as {@code quote_ident} would for mixed case: {@code "na""me"}. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code format('%I', name)}: quotes only when PostgreSQL would need it. */
    static String identIfNeeded(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : ident(name);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Renders a PostgreSQL error as Materialize's {@code db error: SEVERITY: message} cause chain does. */
    static String dbError(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException pe && pe.getServerErrorMessage() != null) {
            return pe.getServerErrorMessage().getSeverity() + ": " + pe.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }
}
