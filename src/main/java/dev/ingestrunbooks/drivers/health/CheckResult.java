package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.evidence.Secrets;
import java.util.Map;

/**
 * One check's outcome on one setup: its status and one sentence that names the resource and says what was found
 * ({@code "publication mz_source does not include public.orders, which source mz_source ingests"}). A finding's
 * message ends with the guide step that fixes it; secrets are masked.
 *
 * @param setup   the setup's name in the inventory
 * @param check   what was checked
 * @param status  the outcome
 * @param message what was found, in one sentence
 * @param category the report's category: the check's own for a finding, {@link Category#UNREACHABLE} or
 *                 {@link Category#HARNESS_DEFECT} for an error
 * @param fix      the guide step that fixes a finding: the check's own, or the step that creates an object the check
 *                 found missing (a missing source is step C2 whatever asked for it)
 * @param metrics  measurements the check took (e.g. {@code slot_lag_bytes}), kept between runs for trends
 */
public record CheckResult(String setup, CheckDefinition check, CheckStatus status, String message,
        Category category, GuideStep fix, Map<String, Long> metrics) {

    public CheckResult {
        message = Secrets.mask(message);
        metrics = Map.copyOf(metrics);
    }

    /** An outcome without measurements. */
    public CheckResult(String setup, CheckDefinition check, CheckStatus status, String message, Category category,
            GuideStep fix) {
        this(setup, check, status, message, category, fix, Map.of());
    }

    /** A pass, warning or finding of {@code check}, filed under the check's category. */
    public static CheckResult of(String setup, CheckDefinition check, CheckStatus status, String message) {
        return new CheckResult(setup, check, status, message, check.category(), check.step());
    }

    /** What to do about a finding: the check's remediation, or the step that creates what is missing. */
    public String advice() {
        return fix == check.step() ? "do " + fix.reference() + ": " + check.remediation() : "do " + fix.reference();
    }

    /** The line the console and a failing scenario show. */
    public String summary() {
        String head = setup + " " + check.id() + " " + status.name();
        return switch (status) {
            case PASS -> head + ": " + message;
            case ERROR -> head + " [" + category.title() + "]: could not check: " + message;
            default -> head + " (" + check.severity().id() + ") [" + category.title() + "]: " + message + " — "
                    + advice();
        };
    }
}
