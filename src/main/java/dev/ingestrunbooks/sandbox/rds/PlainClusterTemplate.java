package dev.ingestrunbooks.sandbox.rds;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialized, cleanly stopped data directory (zonky's initdb: trust auth, superuser {@code postgres}),
 * built once per JVM and PostgreSQL major version, which servers in temporary directories copy instead of running
 * initdb each (about 1.5 s each, measured in the runbooks; a copy and start take about 0.25 s); the
 * {@link RdsTemplate} starts from it too. It lives in a {@link SandboxDirectory} that a shutdown hook deletes, and is
 * built again if its directory vanished meanwhile.
 */
final class PlainClusterTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(PlainClusterTemplate.class);
    private static final Map<Integer, Path> TEMPLATES = new ConcurrentHashMap<>();

    private PlainClusterTemplate() {
    }

    /** Copies the template of {@code major} into {@code target}, building the template first if needed. */
    static void copyTo(int major, Path target) {
        DataDirectoryCopy.copy(forMajor(major), target);
    }

    private static Path forMajor(int major) {
        return TEMPLATES.compute(major, (m, existing) ->
                existing != null && DataDirectoryCopy.isIntact(existing) ? existing : build(m));
    }

    /**
     * PostgreSQL hashes a password with {@code scram_iterations} rounds of PBKDF2 (4096 by default, as on RDS), and
     * every SCRAM login repeats them on the client: in the runbooks that was about half of the JVM's CPU, spent in
     * pgJDBC's key derivation. From PostgreSQL 16 the count is a setting; every server copied from this template
     * (RDS instances, Aurora readers, the Materialize emulator's backing server) hashes with
     * {@value #SCRAM_ITERATIONS}. Logins and their failures are otherwise the same; {@code SHOW scram_iterations}
     * and a superuser reading {@code pg_authid} see the difference.
     */
    static final int SCRAM_ITERATIONS = 16;

    private static void lowerScramIterations(EmbeddedPostgresServer server, int major) {
        if (major < 16) {
            return;
        }
        try (Connection connection = server.connect("postgres")) {
            Jdbc.execute(connection, "ALTER SYSTEM SET scram_iterations = " + SCRAM_ITERATIONS);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set scram_iterations on the template: " + e.getMessage(), e);
        }
    }

    private static Path build(int major) {
        long started = System.nanoTime();
        TemplateBuild build = TemplateBuild.begin("template-plain-pg" + major, major, false);
        try {
            build.server().start(Map.of());
            lowerScramIterations(build.server(), major);
            Path data = build.finish();
            LOG.info("plain template data directory for PostgreSQL {} built in {} ms", major,
                    (System.nanoTime() - started) / 1_000_000);
            return data;
        } catch (RuntimeException e) {
            build.abandon();
            throw new IllegalStateException("cannot build the template data directory for PostgreSQL " + major + ": "
                    + e.getMessage(), e);
        }
    }
}
