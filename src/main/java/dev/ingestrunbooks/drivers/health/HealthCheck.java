package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.Map;
import java.util.Set;

/**
 * One check: its definition and one read-only evaluation against a setup. {@link #appliesTo} says for which kinds of
 * setup it runs (Aurora-only checks are not run on RDS).
 */
public interface HealthCheck {

    CheckDefinition definition();

    /** The kinds of setup this check is for. */
    default Set<SetupSpec.Kind> appliesTo() {
        return Set.of(SetupSpec.Kind.RDS, SetupSpec.Kind.AURORA);
    }

    /** Evaluates the check; may throw {@link CheckUnreadable} when it cannot read what it needs. */
    Verdict evaluate(SetupProbe probe);

    /**
     * What a check decided: a status, one sentence naming the resource, and measurements worth keeping between runs
     * (e.g. {@code slot_lag_bytes}), which the nightly command records for trends.
     */
    record Verdict(CheckStatus status, String message, Map<String, Long> metrics) {
        public Verdict {
            metrics = Map.copyOf(metrics);
        }

        public static Verdict pass(String message) {
            return new Verdict(CheckStatus.PASS, message, Map.of());
        }

        public static Verdict fail(String message) {
            return new Verdict(CheckStatus.FAIL, message, Map.of());
        }

        public static Verdict warn(String message) {
            return new Verdict(CheckStatus.WARN, message, Map.of());
        }

        /** This verdict with one more measurement. */
        public Verdict with(String metric, long value) {
            Map<String, Long> more = new java.util.LinkedHashMap<>(metrics);
            more.put(metric, value);
            return new Verdict(status, message, more);
        }
    }
}
