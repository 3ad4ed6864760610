package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.target.inventory.SetupSpec;
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

    /** What a check decided: a status and one sentence naming the resource. */
    record Verdict(CheckStatus status, String message) {
        public static Verdict pass(String message) {
            return new Verdict(CheckStatus.PASS, message);
        }

        public static Verdict fail(String message) {
            return new Verdict(CheckStatus.FAIL, message);
        }

        public static Verdict warn(String message) {
            return new Verdict(CheckStatus.WARN, message);
        }
    }
}
