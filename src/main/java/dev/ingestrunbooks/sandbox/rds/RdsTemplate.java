package dev.ingestrunbooks.sandbox.rds;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bootstrapped, cleanly stopped RDS-like data directory ({@link RdsBootstrap#initialize}: rdsadmin, the RDS roles,
 * the settings view in {@code postgres} and {@code template1}, SCRAM pg_hba), built lazily once per JVM and
 * PostgreSQL major version. A new instance copies it instead of running initdb and the bootstrap SQL itself, then
 * gets its own secrets ({@link RdsBootstrap#personalize}) before its endpoint opens.
 *
 * <p>The copy of a cleanly shut down cluster is a complete, consistent data directory (its last checkpoint is the
 * shutdown checkpoint), so the server starts on it without recovery. The template's admin password exists only in
 * this JVM's memory and is replaced in every copy. The template lives in a {@link SandboxDirectory} that a shutdown
 * hook deletes.
 *
 * <p>Limit: all copies share the template's database system identifier ({@code pg_control_system()}), which
 * distinct RDS instances would not.
 */
final class RdsTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(RdsTemplate.class);
    private static final Map<Integer, RdsTemplate> TEMPLATES = new ConcurrentHashMap<>();

    private final Path dataDirectory;
    private final Credentials admin;

    private RdsTemplate(Path dataDirectory, Credentials admin) {
        this.dataDirectory = dataDirectory;
        this.admin = admin;
    }

    /**
     * The template for this major version, built on first use (a copy of the {@link PlainClusterTemplate} instead
     * of initdb, bootstrap, clean stop), and built again if its directory has vanished meanwhile (e.g. a temp
     * cleaner). Concurrent callers wait for one build.
     */
    static RdsTemplate forMajor(int major) {
        SandboxTls.prefetch(); // the certificates are made while the template is built
        return TEMPLATES.compute(major, (m, existing) -> existing != null && existing.isIntact() ? existing : build(m));
    }

    private boolean isIntact() {
        return DataDirectoryCopy.isIntact(dataDirectory);
    }

    private static RdsTemplate build(int major) {
        long started = System.nanoTime();
        TemplateBuild build = TemplateBuild.begin("template-pg" + major, major, true);
        try {
            EmbeddedPostgresServer server = build.server();
            server.start(Map.of("wal_level", "replica", RdsParameters.LOGICAL_REPLICATION, "off"));
            Credentials admin = RdsBootstrap.initialize(server);
            Path data = build.finish();
            LOG.info("RDS template data directory for PostgreSQL {} built in {} ms", major,
                    (System.nanoTime() - started) / 1_000_000);
            return new RdsTemplate(data, admin);
        } catch (SQLException | RuntimeException e) {
            build.abandon();
            throw new IllegalStateException("cannot build the RDS template data directory for PostgreSQL " + major
                    + ": " + e.getMessage(), e);
        }
    }

    /** The template's admin login: valid on a fresh copy until {@link RdsBootstrap#personalize} replaces it. */
    Credentials adminCredentials() {
        return admin;
    }

    /** Copies the template into {@code target} (created with mode 0700, as PostgreSQL requires). */
    void copyTo(Path target) {
        DataDirectoryCopy.copy(dataDirectory, target);
    }
}
