package dev.ingestrunbooks.sandbox.rds;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person with {@code psql} following the guide against a sandbox RDS instance's endpoint: the guide's check of
 * {@code rds.logical_replication}, and a wrong password refused. Skipped where no psql is installed
 * ({@code .ci/run} installs Debian's postgresql-client).
 */
class PsqlTest {
    private static final String GUIDE_CHECK =
            "SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication';";
    private static RdsPostgresInstance instance;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is not installed");
        instance = RdsPostgresInstance.builder("psql-orders").start();
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private record Run(int exit, String out) {
    }

    private static Run psql(String password, String sql) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/psql", "-X", "-A", "-t",
                "host=" + instance.host() + " port=" + instance.port() + " user=" + instance.masterUsername()
                        + " dbname=postgres sslmode=prefer connect_timeout=5", "-c", sql));
        pb.environment().put("PGPASSWORD", password);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("psql finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @Test
    void theGuidesSettingCheckWorksInPsql() throws Exception {
        Run run = psql(instance.masterPassword(), GUIDE_CHECK);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("rds.logical_replication|off");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Run run = psql("not-the-password", "SELECT 1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("password authentication failed for user \"" + instance.masterUsername() + "\"");
    }
}
