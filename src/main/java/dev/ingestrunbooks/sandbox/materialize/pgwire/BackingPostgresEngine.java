package dev.ingestrunbooks.sandbox.materialize.pgwire;

import dev.ingestrunbooks.postgres.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
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
 *
 * <p>A session that ends idle (no transaction open, no statement running, never cancelled) hands its backing
 * connection back; up to {@link #MAX_IDLE} per user and database wait for the next session, reset with
 * {@code DISCARD ALL} (settings, prepared statements, temporary tables, advisory locks, LISTENs). Clients such as
 * status polls open a session per query, and a new backing connection for each cost a PostgreSQL backend start and
 * exit. {@link #close()} closes the idle ones.
 */
public final class BackingPostgresEngine implements SqlEngine, AutoCloseable {

    /** How many idle backing connections are kept per user and database. */
    static final int MAX_IDLE = 4;

    /** Opens a backing connection for a client's user and database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open(String user, String database) throws SQLException;
    }

    /** Takes a session's backing connection back when the session ends in a reusable state. */
    @FunctionalInterface
    interface Release {
        void release(PgConnection connection);
    }

    private final ConnectionFactory connections;
    private final Map<String, Deque<PgConnection>> idle = new HashMap<>();
    private boolean closed;

    public BackingPostgresEngine(ConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public SqlSession open(String user, String database, Map<String, String> startup) throws SqlError {
        String key = user + "\0" + database;
        PgConnection reused = takeIdle(key);
        if (reused != null) {
            try {
                return session(key, reused);
            } catch (SQLException e) {
                // went stale while idle (e.g. the backing server restarted): open a new one
                Connections.closeQuietly(reused);
            }
        }
        try {
            return session(key, connections.open(user, database).unwrap(PgConnection.class));
        } catch (SQLException e) {
            throw BackingSession.toSqlError(e);
        }
    }

    private SqlSession session(String key, PgConnection pg) throws SQLException {
        pg.setAutoCommit(true);
        try (Statement statement = pg.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET bytea_output = 'hex'");
        }
        return new BackingSession(pg, connection -> giveBack(key, connection));
    }

    private synchronized PgConnection takeIdle(String key) {
        Deque<PgConnection> waiting = idle.get(key);
        return waiting == null ? null : waiting.pollFirst();
    }

    /** Resets a connection a session ended with and keeps it, or closes it if it cannot be reset or is not wanted. */
    private void giveBack(String key, PgConnection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DISCARD ALL");
        } catch (SQLException e) {
            Connections.closeQuietly(connection);
            return;
        }
        synchronized (this) {
            Deque<PgConnection> waiting = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (!closed && waiting.size() < MAX_IDLE) {
                waiting.addFirst(connection);
                return;
            }
        }
        Connections.closeQuietly(connection);
    }

    /** Closes the idle connections; sessions still open close theirs when they end. */
    @Override
    public void close() {
        java.util.List<PgConnection> toClose = new java.util.ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(Connections::closeQuietly);
    }
}
