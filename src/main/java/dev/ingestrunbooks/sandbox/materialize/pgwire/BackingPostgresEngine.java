package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.jdbc.PgConnection;

/**
 * A {@link SqlEngine} that runs every statement on a backing PostgreSQL server, one backing JDBC connection per
 * client session, and returns PostgreSQL's own results, command tags and errors. BEGIN/COMMIT/ROLLBACK pass
 * through, so the transaction status the client sees is the backing connection's.
 *
 * <p>This is the bottom layer of the emulator: a Materialize-statement layer (CREATE SOURCE, mz_catalog, …) wraps
 * it as another {@link SqlEngine} and delegates plain SQL here. Each backing connection is set to
 * {@code TimeZone=UTC}, {@code DateStyle=ISO, MDY}, {@code bytea_output=hex} to match what the server announces.
 */
public final class BackingPostgresEngine implements SqlEngine {

    /** Opens a backing connection for a client's user and database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open(String user, String database) throws SQLException;
    }

    private final ConnectionFactory connections;

    public BackingPostgresEngine(ConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public SqlSession open(String user, String database, Map<String, String> startup) throws SqlError {
        try {
            Connection connection = connections.open(user, database);
            PgConnection pg = connection.unwrap(PgConnection.class);
            pg.setAutoCommit(true);
            try (var statement = pg.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET bytea_output = 'hex'");
            }
            return new BackingSession(pg);
        } catch (SQLException e) {
            throw BackingSession.toSqlError(e);
        }
    }
}
