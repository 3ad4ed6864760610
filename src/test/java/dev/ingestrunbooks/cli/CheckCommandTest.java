package dev.ingestrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code check} end to end on a healthy sandbox setup, described by an inventory file as a user would write it
 * (passwords in files): exit 0, the JSON summary and one Allure result per check; after a drift, exit 1 naming the
 * step; a bad inventory, exit 2 naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckCommandTest {

    @TempDir
    Path dir;
    private SandboxSetup setup;

    @BeforeAll
    void start() {
        setup = SandboxSetup.healthy(SetupSpec.Kind.RDS, "cli-rds", RunbookConfig.fromSystem());
    }

    @AfterAll
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void checksAHealthySetupThenFindsADrift() throws IOException {
        Path inventory = inventory();
        Run healthy = run("check", "--inventory", inventory.toString(), "--report-dir", dir.resolve("r1").toString());
        assertThat(healthy.status).as(healthy.out).isZero();
        assertThat(healthy.out).contains("cli-rds").contains("0 fail, 0 error");
        String json = Files.readString(dir.resolve("r1/setup-health.json"));
        assertThat(json).contains("\"exit_status\": 0").contains("\"name\": \"cli-rds\"")
                .contains("\"id\": \"A1.wal-level\"").doesNotContain(setup.spec().upstream().password().resolve());
        try (Stream<Path> results = Files.list(dir.resolve("r1/allure-results"))) {
            assertThat(results.filter(p -> p.toString().endsWith("-result.json")).count()).isGreaterThanOrEqualTo(19);
        }
        assertThat(dir.resolve("r1/allure-results/categories.json")).exists();

        setup.upstreamAsMaster().execute("ALTER TABLE orders REPLICA IDENTITY DEFAULT");
        try {
            Run drifted = run("check", "--inventory", inventory.toString(), "--report-dir",
                    dir.resolve("r2").toString());
            assertThat(drifted.status).as(drifted.out).isEqualTo(1);
            assertThat(drifted.out).contains("A2.replica-identity FAIL").contains("public.orders (DEFAULT)")
                    .contains("do step A2");
            assertThat(Files.readString(dir.resolve("r2/setup-health.json"))).contains("\"exit_status\": 1")
                    .contains("\"status\": \"fail\"");
        } finally {
            setup.upstreamAsMaster().execute("ALTER TABLE orders REPLICA IDENTITY FULL");
        }
    }

    @Test
    void aBadInventoryExitsTwoNamingTheField() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "setups:\n  - name: x\n    kind: rds\n    regoin: eu-west-1\n");
        Run run = run("check", "--inventory", bad.toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("setups[0].regoin: unknown field");
    }

    /** The inventory a user would write for the sandbox setup, with its passwords in files. */
    private Path inventory() throws IOException {
        SetupSpec s = setup.spec();
        Path pg = dir.resolve("pg-password");
        Path mz = dir.resolve("mz-password");
        Files.writeString(pg, s.upstream().password().resolve() + "\n");
        Files.writeString(mz, s.materialize().password().resolve());
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, "setups:\n"
                + "  - name: cli-rds\n    kind: rds\n    region: " + s.region() + "\n    instance: " + s.awsId() + "\n"
                + "    aws_endpoint: " + s.awsEndpoint().orElseThrow() + "\n"
                + "    upstream: {host: " + s.upstream().host() + ", port: " + s.upstream().port() + ", user: "
                + s.upstream().user() + ", password_file: " + pg + "}\n"
                + "    materialize: {host: " + s.materialize().host() + ", port: " + s.materialize().port()
                + ", user: " + s.materialize().user() + ", password_file: " + mz + "}\n");
        return file;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
