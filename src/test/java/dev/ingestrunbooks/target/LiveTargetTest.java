package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live target, pointed at the sandbox's pieces as if they were a user's account: AWS through the SDK's default
 * chains (endpoint, credentials and region from the SDK's own system properties), PostgreSQL through libpq variables.
 * Proves that a live run is read-only unless the user opts in.
 */
class LiveTargetTest {
    private static final Map<String, String> SDK_PROPERTIES = new HashMap<>();
    private static AwsEmulator aws;
    private static RdsPostgresInstance instance;

    @BeforeAll
    static void startAnAccount() {
        aws = AwsEmulator.start();
        instance = RdsPostgresInstance.builder("prod-orders").start();
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("prod-orders", instance.postgresVersion(),
                instance.host(), instance.port(), instance));
        SDK_PROPERTIES.put("aws.endpointUrl", aws.endpoint().toString());
        SDK_PROPERTIES.put("aws.accessKeyId", "live-test-key-id");
        SDK_PROPERTIES.put("aws.secretAccessKey", "live-test-secret-not-real");
        SDK_PROPERTIES.forEach(System::setProperty);
    }

    @AfterAll
    static void stop() {
        SDK_PROPERTIES.keySet().forEach(System::clearProperty);
        aws.close();
        instance.close();
    }

    private static RunbookConfig config(boolean allowChanges) {
        Properties p = new Properties();
        p.setProperty("runbook.target", "live");
        p.setProperty("runbook.live.allow-changes", String.valueOf(allowChanges));
        p.setProperty("PGHOST", instance.host());
        p.setProperty("PGPORT", String.valueOf(instance.port()));
        p.setProperty("PGUSER", instance.masterUsername());
        p.setProperty("PGPASSWORD", instance.masterPassword());
        p.setProperty("RUNBOOK_RDS_INSTANCE", "prod-orders");
        return new RunbookConfig(p, Map.of());
    }

    @Test
    void readsButRefusesToChangeWithoutOptIn() {
        try (Target live = Targets.open(config(false))) {
            Database db = live.rdsInstance("orders-db");
            assertThat(db.identifier()).isEqualTo("prod-orders");
            assertThat(live.aws().instance("prod-orders").dbInstanceStatus()).isEqualTo("available");
            UpstreamPostgres upstream = new UpstreamPostgres(db.endpoint(), db.adminUser(), db.adminPassword(), live.guard());
            assertThat(upstream.setting("rds.logical_replication")).isEqualTo("off");

            assertThatThrownBy(() -> live.aws().createDbParameterGroup("mz", "postgres16", "x"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("create DB parameter group mz")
                    .hasMessageContaining("-Drunbook.live.allow-changes=true");
            assertThatThrownBy(() -> live.aws().rebootInstance("prod-orders")).isInstanceOf(ConfigException.class);
            assertThatThrownBy(() -> upstream.execute("CREATE TABLE t (id int)")).isInstanceOf(ConfigException.class);
            assertThat(live.aws().instance("prod-orders").dbInstanceStatus()).isEqualTo("available");
        }
    }

    @Test
    void queriesRunInReadOnlySessions() {
        try (Target live = Targets.open(config(true))) {
            Database db = live.rdsInstance("orders-db");
            UpstreamPostgres upstream = new UpstreamPostgres(db.endpoint(), db.adminUser(), db.adminPassword(), live.guard());
            assertThatThrownBy(() -> upstream.query("CREATE TABLE sneaky (id int)"))
                    .hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void changesRunOnlyWhenTheUserOptedIn() {
        try (Target live = Targets.open(config(true))) {
            live.aws().createDbParameterGroup("opted-in", "postgres16", "allowed");
            assertThat(live.aws().dbParameter("opted-in", "rds.logical_replication")).isPresent();
        }
    }

    @Test
    void aWrongIdentifierIsReportedByAws() {
        Properties p = new Properties();
        p.putAll(Map.of("runbook.target", "live", "PGHOST", "127.0.0.1", "PGUSER", "u", "PGPASSWORD", "pw-long"));
        try (Target live = Targets.open(new RunbookConfig(p, Map.of()))) {
            assertThatThrownBy(() -> live.rdsInstance("no-such-db")).hasMessageContaining("DBInstance no-such-db not found");
        }
    }
}
