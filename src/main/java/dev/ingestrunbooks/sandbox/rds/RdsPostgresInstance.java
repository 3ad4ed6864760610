package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import dev.ingestrunbooks.sandbox.network.PgFrontProxy;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated RDS for PostgreSQL DB instance (also an Aurora writer): a real embedded PostgreSQL server with the
 * RDS flavour ({@link RdsBootstrap}), reachable only through its public endpoint, a {@link PgFrontProxy}. Its data
 * directory starts as a copy of the {@link RdsTemplate}; its admin and master passwords are its own, set before
 * the endpoint opens.
 *
 * <p>It starts as RDS does with a default parameter group: {@code rds.logical_replication} off,
 * {@code wal_level=replica}. {@link #reboot(Map)} applies the effective parameters, as AWS applies a static
 * parameter: {@code rds.logical_replication=1} → restart with {@code wal_level=logical}; data are kept.
 * Membership in {@code rds_replication} gives replication rights ({@link ReplicationRoleSync}).
 *
 * <p>The endpoint serves TLS with the sandbox certificate ({@link SandboxTls}); the proxy relays the client's
 * SSLRequest and then the encrypted bytes to PostgreSQL, so TLS is PostgreSQL's own ({@code pg_stat_ssl}).
 * {@code rds.force_ssl=1} refuses plain-text clients ({@link RdsHba}), applied at once ({@link #applyDynamic}).
 *
 * <p>Limits: the instance's server port on 127.0.0.1 is the sandbox's internal admin path (password
 * protected, not handed out); see {@link RdsBootstrap} and {@link RdsSettingsView} for SQL-level limits.
 */
public final class RdsPostgresInstance implements DbEngine, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RdsPostgresInstance.class);

    private final String identifier;
    private final String kind;
    private final Credentials master;
    private final int requestedMajor;
    private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> parameters;
    private volatile AdmissionRule accessRule = AdmissionRule.admitAll();
    private SandboxDirectory directory;
    private EmbeddedPostgresServer server;
    private ReplicationRoleSync roleSync;
    private PgFrontProxy proxy;
    private boolean closed;

    private RdsPostgresInstance(Builder builder) {
        this.identifier = builder.identifier;
        this.kind = builder.kind;
        this.master = builder.masterCredentials();
        this.requestedMajor = builder.majorVersion;
        this.parameters = Map.copyOf(builder.parameters);
    }

    public static Builder builder(String identifier) {
        return new Builder(identifier);
    }

    private synchronized RdsPostgresInstance start() {
        LOG.info("starting {} {} (PostgreSQL {})…", kind, identifier, requestedMajor);
        long started = System.nanoTime();
        try {
            directory = SandboxDirectory.create(identifier);
            server = new EmbeddedPostgresServer(identifier, directory.root(), requestedMajor, false);
            RdsTemplate template = RdsTemplate.forMajor(requestedMajor);
            template.copyTo(server.dataDirectory());
            server.useAdminCredentials(template.adminCredentials());
            RdsHba.write(server.dataDirectory(), RdsParameters.forceSsl(parameters));
            server.start(RdsParameters.primarySettings(parameters));
            RdsBootstrap.personalize(server, master);
            roleSync = new ReplicationRoleSync(identifier, () -> server.connect("postgres"), () -> { });
            proxy = PgFrontProxy.builder(identifier).upstream(serverAddress())
                    .admissionRule(attempt -> accessRule.andThen(roleSync).admit(attempt)).start();
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException(kind + " " + identifier + " did not start: " + e.getMessage(), e);
        }
        LOG.info("{} {} available at {} (PostgreSQL {}) after {} ms", kind, identifier, proxy.endpoint(),
                server.serverVersion(), (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /**
     * Restarts PostgreSQL with the settings the effective parameters imply; blocks until it accepts connections.
     * Open client sessions are cut, as by a real reboot.
     */
    @Override
    public synchronized void reboot(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
        Map<String, String> settings = RdsParameters.primarySettings(this.parameters);
        LOG.info("rebooting {} {} with {}…", kind, identifier, settings);
        long started = System.nanoTime();
        RdsHba.write(server.dataDirectory(), RdsParameters.forceSsl(this.parameters));
        server.restart(settings);
        proxy.setUpstream(serverAddress());
        LOG.info("rebooted {} {} in {} ms", kind, identifier, (System.nanoTime() - started) / 1_000_000);
        restartListeners.forEach(Runnable::run);
    }

    /**
     * Applies the dynamic parameters at once: {@code rds.force_ssl} rewrites pg_hba.conf and reloads the server,
     * returning once new connections see it. Open sessions stay, as on RDS. The static ones wait for a reboot.
     */
    @Override
    public synchronized void applyDynamic(Map<String, String> parameters) {
        this.parameters = RdsHba.applyForceSsl(server, this.parameters, parameters);
        LOG.info("{} {}: rds.force_ssl={} applied", kind, identifier, RdsParameters.forceSsl(parameters) ? 1 : 0);
    }

    /** Whether plain-text clients are refused now ({@code rds.force_ssl}). */
    public boolean forceSsl() {
        return RdsParameters.forceSsl(parameters);
    }

    /**
     * Sets the rule that decides which clients reach the server (e.g. security-group inbound rules on the source
     * address); the rds_replication sync runs after it. Default: admit all.
     */
    public void setAccessRule(AdmissionRule rule) {
        this.accessRule = Objects.requireNonNull(rule);
    }

    /** Runs after every reboot (e.g. an Aurora reader re-pointing at this writer). */
    void addRestartListener(Runnable listener) {
        restartListeners.add(listener);
    }

    public String identifier() {
        return identifier;
    }

    /** The endpoint's address changes to {@code address} (same port); open connections end. */
    public void moveEndpoint(String address) {
        proxy.moveTo(address);
        LOG.info("{} {} moved to {}", kind, identifier, proxy.endpoint());
    }

    /** The public endpoint (front proxy) clients connect to. */
    public InetSocketAddress endpoint() {
        return proxy.endpoint();
    }

    public String host() {
        return proxy.host();
    }

    public int port() {
        return proxy.port();
    }

    public String jdbcUrl(String database) {
        return Jdbc.url(host(), port(), database);
    }

    public Credentials masterCredentials() {
        return master;
    }

    public String masterUsername() {
        return master.user();
    }

    public String masterPassword() {
        return master.password();
    }

    /** The running server's version, e.g. {@code 16.15}. */
    public String postgresVersion() {
        return server.serverVersion();
    }

    public boolean logicalReplicationEnabled() {
        return RdsParameters.logicalReplication(parameters);
    }

    /** The effective parameters applied at the last start or reboot. */
    public Map<String, String> appliedParameters() {
        return parameters;
    }

    EmbeddedPostgresServer server() {
        return server;
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** Stops proxy and server and deletes the data directory. Idempotent; safe after a failed start. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping {} {}", kind, identifier);
        Closer.closeAll(proxy, roleSync, server, directory);
    }

    /** Configuration of an instance; {@link #start()} creates and starts it. */
    public static final class Builder extends DatabaseBuilder<Builder> {
        private final String identifier;
        private String kind = "RDS instance";

        private Builder(String identifier) {
            this.identifier = identifier;
        }

        @Override
        Builder self() {
            return this;
        }

        /** What log lines call it, e.g. {@code "Aurora writer"}. */
        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public RdsPostgresInstance start() {
            return new RdsPostgresInstance(this).start();
        }
    }
}
