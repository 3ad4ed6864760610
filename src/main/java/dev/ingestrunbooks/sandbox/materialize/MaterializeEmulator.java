package dev.ingestrunbooks.sandbox.materialize;

import dev.ingestrunbooks.sandbox.materialize.pgwire.BackingPostgresEngine;
import dev.ingestrunbooks.sandbox.materialize.pgwire.PgWireServer;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkConfig;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkNetwork;
import dev.ingestrunbooks.sandbox.materialize.session.MaterializeEngine;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * {@code SELECT mz_version()} answers the imitated version ({@link #withVersion}, default {@link #VERSION}).
 */
public final class MaterializeEmulator implements AutoCloseable {
    /** What {@code mz_version()} answers by default: a recent version that still accepts {@code FOR ALL TABLES}. */
    public static final String VERSION = MaterializeVersion.DEFAULT.reported();
    /** The user clients log in as. */
    public static final String USER = "materialize";
    private static final String DATABASE = "materialize";
    /**
     * The backing server's settings on top of the sandbox's: it is the emulator's private store, never replicated
     * from, so it keeps only the WAL crash recovery needs ({@code wal_level=minimal}, which requires no WAL
     * senders). A snapshot's COPY into a table created in the same transaction then writes no WAL at all.
     */
    public static final Map<String, String> BACKING_SETTINGS = Map.of("wal_level", "minimal", "max_wal_senders", "0");

    private String password;
    private String egressAddress = MaterializeEngine.DEFAULT_EGRESS_ADDRESS;
    private int postgresMajor = PostgresVersion.requestedMajor();
    private Path stateDirectory;
    private MaterializeVersion version = MaterializeVersion.DEFAULT;
    private PrivateLinkNetwork privateLinkNetwork;
    private PrivateLinkConfig privateLinkConfig = PrivateLinkConfig.defaults();
    private EmbeddedPostgresServer backing;
    private MaterializeEngine engine;
    private BackingPostgresEngine backingEngine;
    private PgWireServer server;

    /** Requires user {@code materialize} with {@code password}; without it every login is trusted. */
    public MaterializeEmulator withPassword(String password) {
        this.password = password;
        return this;
    }

    /**
     * The loopback address (e.g. {@code 127.0.0.2}) every upstream connection binds to and {@code mz_egress_ips}
     * reports, so that an emulated security group can admit exactly it; default {@code 127.0.0.1}.
     */
    public MaterializeEmulator withEgressAddress(String address) {
        this.egressAddress = java.util.Objects.requireNonNull(address, "address");
        return this;
    }

    /**
     * Offers AWS PrivateLink: {@code CREATE CONNECTION … TO AWS PRIVATELINK} asks {@code network} for a VPC endpoint,
     * VALIDATE CONNECTION and the status relations read its state, and POSTGRES connections with
     * {@code AWS PRIVATELINK x} connect to its routes (docs/materialize.md §2.3). Without it the emulator is an
     * environment without PrivateLink: creating such a connection fails on the
     * {@code max_aws_privatelink_connections} limit.
     */
    public MaterializeEmulator withPrivateLinkNetwork(PrivateLinkNetwork network) {
        this.privateLinkNetwork = java.util.Objects.requireNonNull(network, "network");
        return this;
    }

    /**
     * The region facts for PrivateLink: AWS account and external id prefix of principals, the zone ids
     * {@code AVAILABILITY ZONES} may name (default {@link PrivateLinkConfig#defaults()}: Materialize's account, a
     * generated environment id kept in the state directory, us-east-1's zone ids).
     */
    public MaterializeEmulator withPrivateLinkConfig(PrivateLinkConfig config) {
        this.privateLinkConfig = java.util.Objects.requireNonNull(config, "config");
        return this;
    }

    /** The Materialize version to imitate (where behaviour changed between versions). */
    public MaterializeEmulator withVersion(MaterializeVersion imitated) {
        this.version = java.util.Objects.requireNonNull(imitated, "version");
        return this;
    }

    public MaterializeVersion version() {
        return version;
    }

    /** The major version of the backing PostgreSQL (default {@code -Drunbook.postgres.version} or 16). */
    public MaterializeEmulator withPostgresMajorVersion(int major) {
        this.postgresMajor = major;
        return this;
    }

    /**
     * Keeps the emulator's state in {@code directory} (created {@code 0700} if missing) instead of a temporary
     * directory: the backing PostgreSQL's data ({@code backing/}) and the catalog ({@code catalog.properties},
     * {@code 0600}, holds secret values). Nothing is deleted on close; a later emulator started on the same
     * directory has the same catalog (items, ids, clusters) and resumes each source from its slot's confirmed
     * position, with no new snapshot. One emulator at a time per directory.
     */
    public MaterializeEmulator withStateDirectory(Path directory) {
        this.stateDirectory = directory;
        return this;
    }

    /** Starts the backing PostgreSQL and the wire server (and, on saved state, resumes the sources). */
    public synchronized MaterializeEmulator start() {
        try {
            backing = stateDirectory == null
                    ? EmbeddedPostgresServer.inTemporaryDirectory("mz-backing", postgresMajor)
                    : EmbeddedPostgresServer.inDirectory("mz-backing", privateDirectory(stateDirectory)
                            .resolve("backing"), postgresMajor);
            backing.start(BACKING_SETTINGS);
            prepareBackingDatabase();
            backingEngine = new BackingPostgresEngine((user, db) -> backing.connect(DATABASE));
            engine = new MaterializeEngine(backingEngine,
                    () -> backing.connect(DATABASE), egressAddress, stateDirectory, version.subsourceStyle(),
                    java.util.Optional.ofNullable(privateLinkNetwork), privateLinkConfig);
            engine.resumeSources();
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

    private static Path privateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + directory, e);
        }
    }

    /**
     * Creates database {@code materialize} unless it exists (a restart on saved state), {@code mz_version()} for
     * the imitated version, and the function that answers {@code pg_typeof} with Materialize's type names.
     */
    private void prepareBackingDatabase() throws SQLException {
        try (Connection c = backing.connect("postgres"); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE);
                s.execute("ALTER DATABASE " + DATABASE + " SET search_path = public, mz_catalog");
            }
        }
        try (Connection c = backing.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION mz_version() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '"
                    + version.reported() + "'::text $$");
            s.execute("CREATE SCHEMA IF NOT EXISTS mz_internal");
            s.execute(MaterializeEngine.TYPEOF_DEFINITION);
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

    /**
     * A connection to the backing database (where the subsources' rows live), for tests that inspect it or stall
     * the ingestion on purpose (a lock on a subsource's table holds its apply, as an overloaded cluster would).
     */
    public Connection connectBacking() throws SQLException {
        return backing.connect(DATABASE);
    }

    /** The engine (catalog and running sources), for inspection in tests. */
    public MaterializeEngine engine() {
        return engine;
    }

    /**
     * Stops the wire server and the ingestions, then the backing PostgreSQL; its data are deleted unless they are
     * in a {@linkplain #withStateDirectory state directory}.
     */
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
        if (backingEngine != null) {
            backingEngine.close();
            backingEngine = null;
        }
        if (backing != null) {
            backing.close();
            backing = null;
        }
    }
}
