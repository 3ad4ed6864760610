package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.MaterializeAccess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookConfigTest {

    private static RunbookConfig config(Map<String, String> props, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(props);
        return new RunbookConfig(p, env);
    }

    @Test
    void defaultsWorkOnAFreshMachine() {
        RunbookConfig c = config(Map.of(), Map.of());
        assertThat(c.target()).isEqualTo(TargetKind.SANDBOX);
        assertThat(c.postgresMajorVersion()).isEqualTo(16);
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.liveChangesAllowed()).isFalse();
        assertThat(c.waitTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        RunbookConfig c = config(Map.of("runbook.target", "live"), Map.of("RUNBOOK_TARGET", "containers"));
        assertThat(c.target()).isEqualTo(TargetKind.LIVE);
        assertThat(config(Map.of(), Map.of("RUNBOOK_TARGET", "Containers")).target()).isEqualTo(TargetKind.CONTAINERS);
        assertThat(config(Map.of(), Map.of("RUNBOOK_LIVE_ALLOW_CHANGES", "true")).liveChangesAllowed()).isTrue();
    }

    @Test
    void liveWaitsLongerByDefaultAndTimeoutsParse() {
        assertThat(config(Map.of("runbook.target", "live"), Map.of()).waitTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config(Map.of("runbook.wait.timeout", "90"), Map.of()).waitTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config(Map.of("runbook.wait.timeout", "PT2M"), Map.of()).waitTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badValuesNameTheSettingAndTheChoices() {
        assertThatThrownBy(() -> config(Map.of("runbook.target", "cloud"), Map.of()).target())
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandbox, containers, live").hasMessageContaining("cloud");
        assertThatThrownBy(() -> config(Map.of("runbook.postgres.version", "12"), Map.of()).postgresMajorVersion())
                .hasMessageContaining("between 13 and 17");
        assertThatThrownBy(() -> config(Map.of("runbook.postgres.version", "sixteen"), Map.of()).postgresMajorVersion())
                .hasMessageContaining("sixteen");
        assertThatThrownBy(() -> config(Map.of("runbook.wait.timeout", "soon"), Map.of()).waitTimeout())
                .hasMessageContaining("soon");
    }

    @Test
    void liveNeedsLibpqVariablesAndNeverPrintsThePassword() {
        assertThatThrownBy(() -> config(Map.of(), Map.of("PGHOST", "db.example.com")).live())
                .isInstanceOf(ConfigException.class).hasMessageContaining("PGUSER, PGPASSWORD");
        LiveSettings live = config(Map.of(), Map.of("PGHOST", "db.example.com", "PGUSER", "admin",
                "PGPASSWORD", "hunter2-secret", "RUNBOOK_AURORA_CLUSTER", "prod")).live();
        assertThat(live.pgPort()).isEqualTo(5432);
        assertThat(live.pgDatabase()).isEqualTo("postgres");
        assertThat(live.auroraCluster()).contains("prod");
        assertThat(live.toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void liveMaterializeNeedsItsVariablesAndHasDefaults() {
        assertThatThrownBy(() -> LiveSettings.materialize(config(Map.of(), Map.of("MZ_HOST", "mz.example.com"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MZ_USER, MZ_PASSWORD");
        MaterializeAccess mz = LiveSettings.materialize(config(Map.of(), Map.of("MZ_HOST", "mz.example.com",
                "MZ_USER", "ada@example.com", "MZ_PASSWORD", "mzp_app_secret")));
        assertThat(mz.endpoint().jdbcUrl()).isEqualTo("jdbc:postgresql://mz.example.com:6875/materialize");
        assertThat(mz.toString()).doesNotContain("mzp_app_secret");
        assertThatThrownBy(() -> LiveSettings.materialize(config(Map.of(), Map.of("MZ_HOST", "h", "MZ_USER", "u",
                "MZ_PASSWORD", "p", "MZ_PORT", "sixty")))).hasMessageContaining("MZ_PORT").hasMessageContaining("sixty");
    }
}
