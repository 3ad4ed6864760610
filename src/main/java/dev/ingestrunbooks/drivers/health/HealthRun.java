package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs checks on one setup through its {@link SetupProbe} and turns every outcome into a {@link CheckResult}: a
 * verdict as it is; a missing object as a finding that names the step creating it; a failure to read (a connection
 * refused, a permission or an AWS call denied) as an {@code ERROR} filed under "unreachable"; anything else as an
 * {@code ERROR} filed under "harness defect". A check that does not apply to the setup's kind is not run.
 */
public final class HealthRun {

    private HealthRun() {
    }

    /** The result of {@code check} on the probe's setup, or empty when the check is not for this kind of setup. */
    public static java.util.Optional<CheckResult> run(HealthCheck check, SetupProbe probe) {
        SetupSpec setup = probe.setup();
        if (!check.appliesTo().contains(setup.kind())) {
            return java.util.Optional.empty();
        }
        CheckDefinition definition = check.definition();
        CheckResult result;
        try {
            HealthCheck.Verdict verdict = check.evaluate(probe);
            result = new CheckResult(setup.name(), definition, verdict.status(), verdict.message(),
                    definition.category(), definition.step(), verdict.metrics());
        } catch (MissingObject e) {
            result = new CheckResult(setup.name(), definition, CheckStatus.FAIL, e.getMessage(),
                    definition.category(), e.creates());
        } catch (CheckUnreadable e) {
            result = new CheckResult(setup.name(), definition, CheckStatus.ERROR, e.getMessage(),
                    Category.UNREACHABLE, definition.step());
        } catch (SdkException e) {
            result = new CheckResult(setup.name(), definition, CheckStatus.ERROR, "AWS: " + e.getMessage(),
                    Category.UNREACHABLE, definition.step());
        } catch (RuntimeException e) {
            result = new CheckResult(setup.name(), definition, CheckStatus.ERROR, e.toString(),
                    Category.HARNESS_DEFECT, definition.step());
        }
        return java.util.Optional.of(result);
    }

    /** Every applicable check of the catalog on the probe's setup, in guide order. */
    public static List<CheckResult> runAll(SetupProbe probe) {
        List<CheckResult> results = new ArrayList<>();
        for (HealthCheck check : CheckCatalog.all()) {
            run(check, probe).ifPresent(results::add);
        }
        return results;
    }
}
