package dev.ingestrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The standalone sandbox command in-process: options parsed by picocli, the sandbox started by the command's core,
 * and everything reached only through what it printed and wrote (env file), with real clients: pgJDBC for both
 * databases, the AWS SDK for the emulator, walking the guide's parameter-group flow.
 */
class SandboxCommandTest {

    private static final int MAJOR = PostgresVersion.requestedMajor();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void startsPrintsWritesTheEnvFileAndStopsEverything() throws Exception {
        Path envFile = dir.resolve("sandbox.env");
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs("--postgres", String.valueOf(MAJOR), "--logical-replication", "off",
                "--env-file", envFile.toString(), "--instance-id", "guide-pg");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StandaloneSandbox sandbox = StandaloneSandbox.create(line -> { });
        Map<String, String> env;
        try {
            command.start(sandbox, new PrintStream(printed, true, StandardCharsets.UTF_8));
            env = readEnvFile(envFile);
            assertThat(Files.getPosixFilePermissions(envFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(env).containsKeys("MZ_HOST", "MZ_PORT", "MZ_USER", "PG_HOST", "PG_PORT", "PG_USER",
                    "PG_PASSWORD", "PG_DATABASE", "AWS_ENDPOINT_URL");
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("psql \"postgres://materialize@127.0.0.1:" + env.get("MZ_PORT") + "/materialize\"")
                    .contains("PGPASSWORD=" + env.get("PG_PASSWORD") + " psql -h 127.0.0.1 -p " + env.get("PG_PORT"))
                    .contains("aws --endpoint-url " + env.get("AWS_ENDPOINT_URL") + " --region us-east-1 rds");

            assertMaterializeAnswers(env);
            assertMasterUserCreatesDatabasesAndRoles(env);
            try (RdsClient rds = rdsClient(env)) {
                DBInstance instance = rds.describeDBInstances().dbInstances().get(0);
                assertThat(instance.dbInstanceIdentifier()).isEqualTo("guide-pg");
                assertThat(instance.endpoint().port()).isEqualTo(Integer.parseInt(env.get("PG_PORT")));
                assertThat(instance.masterUsername()).isEqualTo(env.get("PG_USER"));
                assertThat(walLevel(env)).isEqualTo("replica");
                turnOnLogicalReplicationAsTheGuideDoes(rds);
            }
            await("wal_level=logical after the reboot").atMost(WAIT).ignoreExceptions()
                    .until(() -> walLevel(env), "logical"::equals);
        } finally {
            command.stop(sandbox);
        }
        assertThat(envFile).doesNotExist();
        for (String port : new String[] {env.get("MZ_PORT"), env.get("PG_PORT"),
                String.valueOf(URI.create(env.get("AWS_ENDPOINT_URL")).getPort())}) {
            assertThat(accepts(Integer.parseInt(port))).as("port %s closed", port).isFalse();
        }
    }

    @Test
    void logicalReplicationOnStartsWithACustomParameterGroupInSync() throws Exception {
        try (StandaloneSandbox sandbox = StandaloneSandbox.create(line -> { })) {
            SandboxEndpoints endpoints = sandbox.start(new SandboxSettings(MAJOR, true, "eu-west-1", "logical-pg",
                    "mz-secret-pw", MaterializeVersion.V0_97));
            Map<String, String> env = endpoints.environment();
            assertThat(walLevel(env)).isEqualTo("logical");
            try (RdsClient rds = rdsClient(env)) {
                DBInstance instance = rds.describeDBInstances().dbInstances().get(0);
                assertThat(instance.dbInstanceArn()).startsWith("arn:aws:rds:eu-west-1:");
                assertThat(instance.dbParameterGroups().get(0).dbParameterGroupName())
                        .isEqualTo(StandaloneSandbox.LOGICAL_REPLICATION_GROUP);
                assertThat(instance.dbParameterGroups().get(0).parameterApplyStatus()).isEqualTo("in-sync");
            }
            try (Connection c = DriverManager.getConnection(endpoints.mzJdbcUrl(), "materialize", "mz-secret-pw")) {
                assertThat(query(c, "SELECT 1")).isEqualTo("1");
                assertThat(query(c, "SELECT mz_version()")).as("the chosen version").isEqualTo("v0.97.0 (sandbox)");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(endpoints.mzJdbcUrl(), "materialize", "wrong"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void badOptionsAreRejectedWithAClearMessageBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SandboxCommand());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("--postgres", "12")).isEqualTo(2);
        assertThat(err.toString()).contains("PostgreSQL 12 is not offered: choose 13..17");
        assertThat(cli.execute("--materialize-version", "v0.50")).isEqualTo(2);
        assertThat(err.toString()).contains("the sandbox Materialize imitates v0.97 or v0.130, not 'v0.50'");
        assertThat(cli.execute("--logical-replication", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("'maybe' is not on or off");
        assertThat(cli.execute("--instance-id", "1bad--id")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a valid DB instance identifier");
        int other = MAJOR == 17 ? 16 : MAJOR + 1;
        assertThat(cli.execute("--postgres", String.valueOf(other))).isEqualTo(2);
        assertThat(err.toString()).contains("-Drunbook.postgres.version=" + other);
    }

    private static void turnOnLogicalReplicationAsTheGuideDoes(RdsClient rds) {
        String family = "postgres" + MAJOR;
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("mz-logical").dbParameterGroupFamily(family)
                .description("Materialize"));
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-logical").parameters(Parameter.builder()
                .parameterName("rds.logical_replication").parameterValue("1")
                .applyMethod(ApplyMethod.PENDING_REBOOT).build()));
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("guide-pg").dbParameterGroupName("mz-logical")
                .applyImmediately(true));
        await("available after ModifyDBInstance").atMost(WAIT).until(() -> status(rds), "available"::equals);
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier("guide-pg"));
        await("available after the reboot").atMost(WAIT).until(() -> status(rds), "available"::equals);
    }

    private static String status(RdsClient rds) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier("guide-pg")).dbInstances().get(0)
                .dbInstanceStatus();
    }

    private static void assertMaterializeAnswers(Map<String, String> env) throws SQLException {
        String url = "jdbc:postgresql://" + env.get("MZ_HOST") + ":" + env.get("MZ_PORT") + "/materialize";
        try (Connection c = DriverManager.getConnection(url, env.get("MZ_USER"), "")) {
            assertThat(query(c, "SELECT mz_version()")).contains("sandbox");
        }
    }

    private static void assertMasterUserCreatesDatabasesAndRoles(Map<String, String> env) throws SQLException {
        try (Connection c = pg(env, env.get("PG_DATABASE")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE ROLE materialize_user LOGIN PASSWORD 'mz_user_pw'");
            s.execute("GRANT rds_replication TO materialize_user");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("PG_HOST") + ":"
                + env.get("PG_PORT") + "/shop", "materialize_user", "mz_user_pw")) {
            assertThat(query(c, "SELECT current_database() || ':' || current_user"))
                    .isEqualTo("shop:materialize_user");
        }
    }

    private static String walLevel(Map<String, String> env) throws SQLException {
        try (Connection c = pg(env, env.get("PG_DATABASE"))) {
            return query(c, "SHOW wal_level");
        }
    }

    private static Connection pg(Map<String, String> env, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("PG_HOST") + ":" + env.get("PG_PORT") + "/"
                + database, env.get("PG_USER"), env.get("PG_PASSWORD"));
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static RdsClient rdsClient(Map<String, String> env) {
        return RdsClient.builder().region(Region.of(env.get("AWS_REGION")))
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
