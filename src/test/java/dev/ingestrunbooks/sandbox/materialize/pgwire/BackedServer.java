package dev.ingestrunbooks.sandbox.materialize.pgwire;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test fixture: a pgwire server whose SQL runs on a fresh embedded PostgreSQL of the run's major version
 * ({@code runbook.postgres.version}); {@link #close()} stops both, also after a half-finished start.
 */
final class BackedServer implements AutoCloseable {
    final EmbeddedPostgresServer backing;
    final PgWireServer server;

    private BackedServer(EmbeddedPostgresServer backing, PgWireServer server) {
        this.backing = backing;
        this.server = server;
    }

    /** Starts the backing database, then a server configured by {@code configure} (authenticator, version…). */
    static BackedServer start(String name, UnaryOperator<PgWireServer> configure) {
        EmbeddedPostgresServer backing = EmbeddedPostgresServer.inTemporaryDirectory(name, PostgresVersion.requestedMajor());
        try {
            backing.start(Map.of());
            PgWireServer server = configure.apply(
                    new PgWireServer(new BackingPostgresEngine((user, database) -> backing.connect("postgres")))).start();
            return new BackedServer(backing, server);
        } catch (RuntimeException e) {
            backing.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            backing.close();
        }
    }
}
