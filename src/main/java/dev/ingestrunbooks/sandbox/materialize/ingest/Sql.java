package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.PgQuote;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Identifier quoting and tiny JDBC helpers shared by the ingest classes. */
final class Sql {

    private Sql() {
    }

    /** See {@link PgQuote#ident}. */
    static String ident(String name) {
        return PgQuote.ident(name);
    }

    /** See {@link PgQuote#identIfNeeded}. */
    static String identIfNeeded(String name) {
        return PgQuote.identIfNeeded(name);
    }

    /** See {@link PgQuote#literal}. */
    static String literal(String value) {
        return PgQuote.literal(value);
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
