package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import dev.ingestrunbooks.sandbox.network.PgFrontProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Aurora PostgreSQL reader instance: a real hot standby of the cluster's writer (streaming physical
 * replication from a {@link BaseBackup}), behind its own front proxy (the reader endpoint).
 *
 * <p>As on Aurora: it sees the writer's data, refuses writes ({@code 25006 cannot execute … in a read-only
 * transaction}) and refuses logical decoding — it keeps its own {@code wal_level=replica}, because from
 * PostgreSQL 16 a vanilla standby could decode. Roles are the writer's; rds_replication membership is synced
 * on the writer and awaited here.
 *
 * <p>Limits: replication lag is real but tiny (asynchronous streaming, no shared storage); WAL for a lagging
 * reader is kept by {@code wal_keep_size}, not a replication slot (none shows on the writer).
 */
public final class AuroraReader implements DbEngine, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuroraReader.class);
    /** How long the reader may take to replay what the writer had written when the wait began. */
    public static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final String identifier;
    private final RdsPostgresInstance writer;
    private final int major;
    private volatile Map<String, String> parameters = Map.of();
    private volatile AdmissionRule accessRule = AdmissionRule.admitAll();
    private SandboxDirectory directory;
    private EmbeddedPostgresServer server;
    private ReplicationRoleSync roleSync;
    private PgFrontProxy proxy;
    private int followedWriterPort;
    private boolean closed;

    private final InetSocketAddress endpointAddress;

    AuroraReader(String identifier, RdsPostgresInstance writer, int major, InetSocketAddress endpointAddress) {
        this.identifier = identifier;
        this.writer = writer;
        this.major = major;
        this.endpointAddress = endpointAddress;
    }

    synchronized AuroraReader start() {
        LOG.info("creating Aurora reader {} from writer {} (PostgreSQL {})…", identifier, writer.identifier(), major);
        long started = System.nanoTime();
        try {
            directory = SandboxDirectory.create(identifier);
            server = new EmbeddedPostgresServer(identifier, directory.root(), major, false);
            BaseBackup.take(writer.server(), major, server.dataDirectory());
            configureStandby();
            server.useAdminCredentials(writer.server().adminCredentials());
            RdsHba.write(server.dataDirectory(), RdsParameters.forceSsl(parameters));
            server.start(RdsParameters.readerSettings(parameters));
            roleSync = new ReplicationRoleSync(identifier, () -> writer.server().connect("postgres"),
                    this::awaitCaughtUp);
            proxy = PgFrontProxy.builder(identifier).upstream(serverAddress())
                    .bindAddress(endpointAddress.getAddress()).bindPort(endpointAddress.getPort())
                    .admissionRule(attempt -> accessRule.andThen(roleSync).admit(attempt)).start();
            awaitCaughtUp();
        } catch (SQLException | IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("Aurora reader " + identifier + " did not start: " + e.getMessage(), e);
        }
        LOG.info("Aurora reader {} available at {} after {} ms", identifier, proxy.endpoint(),
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /** standby.signal and the connection to the writer's server (internal port, admin login). */
    private void configureStandby() throws IOException, SQLException {
        Files.writeString(server.dataDirectory().resolve("standby.signal"), "");
        followedWriterPort = writer.server().port();
        Files.writeString(server.dataDirectory().resolve("postgresql.auto.conf"),
                "primary_conninfo = " + PgQuote.literal(primaryConninfo()) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    private String primaryConninfo() {
        Credentials admin = writer.server().adminCredentials();
        return "host=127.0.0.1 port=" + writer.server().port() + " user=" + admin.user() + " password="
                + admin.password() + " application_name=" + identifier;
    }

    /** After a writer reboot: re-point at the writer if its server port changed; then wait to catch up. */
    synchronized void followWriter() {
        try {
            if (writer.server().port() != followedWriterPort) {
                try (Connection c = server.connect("postgres")) {
                    Jdbc.execute(c, "ALTER SYSTEM SET primary_conninfo = " + PgQuote.literal(primaryConninfo()),
                            "SELECT pg_reload_conf()");
                }
                followedWriterPort = writer.server().port();
            }
            awaitCaughtUp();
        } catch (SQLException e) {
            throw new IllegalStateException("Aurora reader " + identifier + " cannot follow its writer", e);
        }
    }

    /**
     * Waits until this reader has replayed every WAL record the writer has inserted so far ({@link #CATCH_UP_TIMEOUT}).
     * The target is the writer's <em>insert</em> position, not {@code pg_current_wal_lsn()}: that one is the position
     * written to disk, which lags the latest commits by up to {@code wal_writer_delay} with the sandbox's
     * {@code synchronous_commit = off}, so a wait on it could let a read on the reader miss a just-committed change.
     */
    public void awaitCaughtUp() {
        String target;
        try (Connection c = writer.server().connect("postgres")) {
            target = Jdbc.queryString(c, "SELECT pg_current_wal_insert_lsn()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the writer's WAL position", e);
        }
        String end = recordEnd(target);
        Awaitility.await("Aurora reader " + identifier + " replays the writer's WAL up to " + end)
                .atMost(CATCH_UP_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> replayedUpTo(end));
    }

    /**
     * The end position of the last inserted record, given the insert position: when that record ended exactly at a
     * WAL page boundary, the insert position points past the next page's header (24 bytes, or 40 at the start of a
     * 16 MB segment), while a standby's {@code pg_last_wal_replay_lsn()} says the boundary itself.
     */
    static String recordEnd(String insertPosition) {
        long lsn = parseLsn(insertPosition);
        if (lsn % (16L << 20) == 40) {
            lsn -= 40;
        } else if (lsn % 8192 == 24) {
            lsn -= 24;
        }
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    private static long parseLsn(String text) {
        int slash = text.indexOf('/');
        return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
    }

    private boolean replayedUpTo(String lsn) throws SQLException {
        try (Connection c = server.connect("postgres")) {
            return "t".equals(Jdbc.queryString(c,
                    "SELECT pg_last_wal_replay_lsn() >= " + PgQuote.literal(lsn) + "::pg_lsn"));
        }
    }

    /** Restarts the reader's server; it stays a standby with {@code wal_level=replica} whatever the parameters. */
    @Override
    public synchronized void reboot(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
        LOG.info("rebooting Aurora reader {}…", identifier);
        long started = System.nanoTime();
        RdsHba.write(server.dataDirectory(), RdsParameters.forceSsl(this.parameters));
        server.restart(RdsParameters.readerSettings(this.parameters));
        proxy.setUpstream(serverAddress());
        awaitCaughtUp();
        LOG.info("rebooted Aurora reader {} in {} ms", identifier, (System.nanoTime() - started) / 1_000_000);
    }

    /** Applies {@code rds.force_ssl} at once (pg_hba.conf rewritten, server reloaded), as the writer does. */
    @Override
    public synchronized void applyDynamic(Map<String, String> parameters) {
        this.parameters = RdsHba.applyForceSsl(server, this.parameters, parameters);
    }

    /** Rule deciding which clients reach the reader (security groups); the rds_replication sync runs after it. */
    public void setAccessRule(AdmissionRule rule) {
        this.accessRule = Objects.requireNonNull(rule);
    }

    public String identifier() {
        return identifier;
    }

    /** The reader endpoint. */
    public InetSocketAddress endpoint() {
        return proxy.endpoint();
    }

    public String jdbcUrl(String database) {
        return Jdbc.url(proxy.host(), proxy.port(), database);
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** Stops proxy and server and deletes the reader's data. Idempotent; safe after a failed start. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping Aurora reader {}", identifier);
        Closer.closeAll(proxy, roleSync, server, directory);
    }
}
