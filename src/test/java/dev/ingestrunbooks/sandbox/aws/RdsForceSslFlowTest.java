package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * {@code rds.force_ssl} through the real AWS SDK v2 against a real sandbox RDS instance: its engine defaults (0 up to
 * PostgreSQL 14, 1 from 15), and a custom DB parameter group that turns it on with {@code ApplyMethod=immediate},
 * which refuses plain text at once (no reboot) with PostgreSQL's own error and still admits TLS; turning it off
 * again admits plain text.
 */
class RdsForceSslFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private AwsEmulator aws;
    private RdsClient rds;
    private RdsPostgresInstance instance;

    @BeforeEach
    void start() {
        instance = RdsPostgresInstance.builder("force-ssl-rds").start();
        aws = AwsEmulator.start("us-east-1",
                new RdsBackend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(30)));
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("force-ssl-rds", instance.postgresVersion(),
                instance.host(), instance.port(), instance));
        rds = aws.rdsClient();
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void engineDefaultsAreZeroUpTo14AndOneFrom15() {
        assertThat(forceSslRow("default.postgres14").parameterValue()).isEqualTo("0");
        Parameter pg15 = forceSslRow("default.postgres15");
        assertThat(pg15.parameterValue()).isEqualTo("1");
        assertThat(pg15.applyType()).isEqualTo("dynamic");
        assertThat(pg15.allowedValues()).isEqualTo("0,1");
    }

    @Test
    void forceSslInACustomGroupRefusesPlainTextWithoutAReboot() throws SQLException {
        String family = "postgres" + instance.postgresVersion().split("\\.")[0];
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("tls-only").dbParameterGroupFamily(family)
                .description("TLS only"));
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("force-ssl-rds").dbParameterGroupName("tls-only")
                .applyImmediately(true));
        await("available").atMost(WAIT).until(() -> instance().dbInstanceStatus(), "available"::equals);
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier("force-ssl-rds"));
        await("in-sync").atMost(WAIT).until(() -> groupStatus(instance()), "tls-only:in-sync"::equals);
        assertThat(ssl("disable")).isEqualTo("f");

        setForceSsl("1");
        assertThat(instance().dbInstanceStatus()).isEqualTo("available");
        assertThatThrownBy(() -> ssl("disable")).isInstanceOf(SQLException.class)
                .hasMessageContaining("no pg_hba.conf entry for host \"127.0.0.1\", user \""
                        + instance.masterUsername() + "\", database \"postgres\", no encryption");
        assertThat(ssl("require")).isEqualTo("t");
        assertThat(ssl("prefer")).isEqualTo("t");

        setForceSsl("0");
        assertThat(ssl("disable")).isEqualTo("f");
    }

    private void setForceSsl(String value) {
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("tls-only").parameters(Parameter.builder()
                .parameterName("rds.force_ssl").parameterValue(value).applyMethod(ApplyMethod.IMMEDIATE).build()));
    }

    private String ssl(String sslmode) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", instance.masterUsername());
        props.setProperty("password", instance.masterPassword());
        props.setProperty("sslmode", sslmode);
        try (Connection c = DriverManager.getConnection(instance.jdbcUrl("postgres"), props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1) ? "t" : "f";
        }
    }

    private Parameter forceSslRow(String group) {
        return rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(group)).parameters().stream()
                .filter(p -> p.parameterName().equals("rds.force_ssl")).findFirst().orElseThrow();
    }

    private DBInstance instance() {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier("force-ssl-rds")).dbInstances().get(0);
    }

    private static String groupStatus(DBInstance i) {
        return i.dbParameterGroups().get(0).dbParameterGroupName() + ":" + i.dbParameterGroups().get(0)
                .parameterApplyStatus();
    }
}
