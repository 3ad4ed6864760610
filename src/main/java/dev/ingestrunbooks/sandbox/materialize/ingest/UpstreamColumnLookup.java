package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads a table's live columns from the upstream catalog whenever a Relation message arrives
 * ({@link IngestTable.ColumnLookup}), over one upstream connection kept for the source's life instead of a new
 * login per message. Every stream begins with a Relation message per table, so {@link #warmUp()} opens the
 * connection in the background when streaming starts: the first lookup then does not wait for a login (40-60 ms
 * with SCRAM) while the backlog waits. The connection runs in autocommit, so it holds no snapshot between lookups.
 * A lookup that fails on a broken connection is retried once on a new one; otherwise its error reaches the apply,
 * which stalls the source and retries as for any upstream error.
 */
final class UpstreamColumnLookup implements IngestTable.ColumnLookup, AutoCloseable {

    private final UpstreamEndpoint endpoint;
    private CompletableFuture<Connection> connection;
    private boolean closed;

    UpstreamColumnLookup(UpstreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Starts opening the connection in the background, unless one is open or opening. */
    synchronized void warmUp() {
        if (!closed && connection == null) {
            connection = CompletableFuture.supplyAsync(this::open, runnable -> {
                Thread thread = new Thread(runnable, "mz-catalog-login");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    @Override
    public synchronized List<UpstreamColumn> columns(int tableOid) throws SQLException {
        if (closed) {
            throw new SQLException("the source is closed");
        }
        try {
            return PublicationCatalog.columns(connection(), tableOid);
        } catch (SQLException first) {
            closeConnection();
            return PublicationCatalog.columns(connection(), tableOid);
        }
    }

    private Connection connection() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            warmUp();
            try {
                Connection c = connection.join();
                if (!c.isClosed()) {
                    return c;
                }
                connection = null;
            } catch (CompletionException e) {
                connection = null;
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e;
            }
            if (attempt == 2) {
                throw new SQLException("the upstream connection for catalog lookups closed as soon as it opened");
            }
        }
    }

    private Connection open() {
        try {
            return endpoint.connect();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    private void closeConnection() {
        CompletableFuture<Connection> opening = connection;
        connection = null;
        if (opening != null) {
            opening.thenAccept(c -> {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // a connection that cannot close is gone anyway
                }
            });
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeConnection();
    }
}
