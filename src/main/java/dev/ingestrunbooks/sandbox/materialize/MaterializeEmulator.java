package dev.ingestrunbooks.sandbox.materialize;

import dev.ingestrunbooks.sandbox.materialize.pgwire.BackingPostgresEngine;
import dev.ingestrunbooks.sandbox.materialize.pgwire.PgWireServer;
import dev.ingestrunbooks.sandbox.materialize.session.MaterializeEngine;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The sandbox Materialize: a PostgreSQL wire server on {@code 127.0.0.1} (a free port) whose sessions run
 * Materialize's statements themselves and forward plain SQL to a backing embedded PostgreSQL, database
 * {@code materialize}, which also holds the ingested subsource tables.
 *
 * <p>Usage: {@code try (var mz = new MaterializeEmulator().withPassword("pw").start()) { … mz.jdbcUrl() … }};
 * the login is user {@code materialize} (any user if no password is set, like {@code trust}).
 * {@code SELECT mz_version()} answers {@link #VERSION}.
 */
public final class MaterializeEmulator implements AutoCloseable {
    /** What {@code mz_version()} reports: a recent version that still accepts {@code FOR ALL TABLES}. */
    public static final String VERSION = "v0.130.0 (sandbox)";
    /** The user clients log in as. */
    public static final String USER = "materialize";
    private static final String DATABASE = "materialize";

    private String password;
    private int postgresMajor = PostgresVersion.requestedMajor();
    private EmbeddedPostgresServer backing;
    private MaterializeEngine engine;
    private PgWireServer server;

    /** Requires user {@code materialize} with {@code password}; without it every login is trusted. */
    public MaterializeEmulator withPassword(String password) {
        this.password = password;
        return this;
    }

    /** The major version of the backing PostgreSQL (default {@code -Drunbook.postgres.version} or 16). */
    public MaterializeEmulator withPostgresMajorVersion(int major) {
        this.postgresMajor = major;
        return this;
    }

    /** Starts the backing PostgreSQL and the wire server. */
    public synchronized MaterializeEmulator start() {
        try {
            backing = EmbeddedPostgresServer.inTemporaryDirectory("mz-backing", postgresMajor);
            backing.start(Map.of());
            prepareBackingDatabase();
            engine = new MaterializeEngine(new BackingPostgresEngine((user, db) -> backing.connect(DATABASE)),
                    () -> backing.connect(DATABASE));
            PgWireServer wire = new PgWireServer(engine);
            if (password != null) {
                wire.withAuthenticator((user, given) -> USER.equals(user) && password.equals(given));
            }
            server = wire.start();
            return this;
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException("sandbox Materialize did not start: " + e.getMessage(), e);
        }
    }

    private void prepareBackingDatabase() throws SQLException {
        try (Connection c = backing.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
            s.execute("ALTER DATABASE " + DATABASE + " SET search_path = public, mz_catalog");
        }
        try (Connection c = backing.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION mz_version() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '"
                    + VERSION + "'::text $$");
        }
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/materialize}. */
    public String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    /** The engine (catalog and running sources), for inspection in tests. */
    public MaterializeEngine engine() {
        return engine;
    }

    /** Stops the wire server and the ingestions, then the backing PostgreSQL (its data are deleted). */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (backing != null) {
            backing.close();
            backing = null;
        }
    }
}
