package dev.ingestrunbooks.drivers.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.target.inventory.SecretRef;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lag trend over nightly runs, and the history file it reads, written and read back. */
class LagTrendTest {

    @TempDir
    Path dir;

    @Test
    void aLagThatGrewInEachOfTheLastThreeRunsIsAWarning() {
        assertThat(LagTrend.judge(health("a", 300L), List.of(100L, 200L)).status()).isEqualTo(CheckStatus.WARN);
        assertThat(LagTrend.judge(health("a", 300L), List.of(100L, 200L)).message()).contains("[100, 200, 300]");
        assertThat(LagTrend.judge(health("a", 150L), List.of(100L, 200L)).status()).isEqualTo(CheckStatus.PASS);
        assertThat(LagTrend.judge(health("a", 200L), List.of(100L, 200L)).status()).as("equal is not growth")
                .isEqualTo(CheckStatus.PASS);
        assertThat(LagTrend.judge(health("a", 300L), List.of(200L)).message()).contains("2 of 3 runs");
        assertThat(LagTrend.judge(health("a", null), List.of(1L, 2L)).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void theHistoryKeepsEachSetupsSeriesAcrossRuns() {
        HealthHistory history = new HealthHistory(dir.resolve("h.jsonl"));
        assertThat(history.series("a", LagTrend.METRIC)).isEmpty();
        history.append(List.of(health("a", 100L), health("b \"quoted\"", 7L), health("c", null)), Instant.EPOCH);
        history.append(List.of(health("a", 250L)), Instant.EPOCH.plusSeconds(86_400));
        assertThat(history.series("a", LagTrend.METRIC)).containsExactly(100L, 250L);
        assertThat(history.series("b \"quoted\"", LagTrend.METRIC)).containsExactly(7L);
        assertThat(history.series("c", LagTrend.METRIC)).isEmpty();
    }

    private static SetupHealth health(String name, Long lag) {
        SetupSpec.Login login = new SetupSpec.Login("h", 1, "d", "u", new SecretRef.FromEnvironment("X"));
        SetupSpec spec = new SetupSpec(name, SetupSpec.Kind.RDS, "us-east-1", name, Optional.empty(), login, login,
                SetupSpec.Names.GUIDE, SetupSpec.Thresholds.DEFAULTS);
        CheckDefinition lagCheck = new CheckDefinition("C3.slot-lag", GuideStep.C3, "t", Severity.CRITICAL,
                Category.RISK, "r", "m");
        List<CheckResult> results = lag == null ? List.of() : List.of(new CheckResult(name, lagCheck,
                CheckStatus.PASS, "ok", Category.RISK, GuideStep.C3, Map.of(LagTrend.METRIC, lag)));
        return new SetupHealth(spec, results, Duration.ZERO);
    }
}
