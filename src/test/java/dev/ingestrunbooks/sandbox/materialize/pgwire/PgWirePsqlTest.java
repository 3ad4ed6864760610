package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box: the real {@code psql} client (skipped when it is not installed) against the backed server. */
class PgWirePsqlTest {

    private static final Path PSQL = Path.of("/usr/bin/psql");
    static EmbeddedPostgresServer backing;
    static PgWireServer server;
    static BackedServer fixture;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
        fixture = BackedServer.start("pgwire-psql", s -> s.withAuthenticator((user, password) -> "pw".equals(password)));
        backing = fixture.backing;
        server = fixture.server;
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run psql(String password, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PSQL.toString(),
                "host=127.0.0.1 port=" + server.port() + " user=u dbname=d sslmode=prefer", "-X"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "5");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("psql finished").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void selectOne() throws Exception {
        Run run = psql("pw", "-c", "SELECT 1");
        assertThat(run.output()).isEqualTo(" ?column? \n----------\n        1\n(1 row)\n\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void severalStatementsAndAnErrorInOneCommand() throws Exception {
        Run run = psql("pw", "-c", "CREATE TABLE t(v text); INSERT INTO t VALUES ('a'), ('b')", "-c",
                "SELECT count(*) AS n FROM t", "-c", "SELECT * FROM missing");
        assertThat(run.output()).contains("INSERT 0 2", " n \n---\n 2\n(1 row)")
                .contains("ERROR:  relation \"missing\" does not exist");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void wrongPasswordFails() throws Exception {
        Run run = psql("nope", "-c", "SELECT 1");
        assertThat(run.output()).contains("password authentication failed for user \"u\"");
        assertThat(run.exitCode()).isEqualTo(2);
    }
}
