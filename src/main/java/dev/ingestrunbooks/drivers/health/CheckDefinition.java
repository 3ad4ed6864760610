package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.GuideStep;
import java.util.Objects;

/**
 * What a check is, independent of any setup: a stable id (its name in reports, history and the JSON summary; never
 * rename one), the guide step that fixes a finding, a one-line title, severity and category of a finding, why it
 * matters, and what to do.
 *
 * @param id          e.g. {@code A1.wal-level}: the guide step, a dot, a short name
 * @param step        the guide step that fixes a finding
 * @param title       what the check asserts, as a sentence ("the server runs with wal_level = logical")
 * @param severity    of a finding
 * @param category    of a finding (a check that cannot read is {@link Category#UNREACHABLE} whatever this says)
 * @param risk        why a finding matters
 * @param remediation what to do about a finding, in the guide's terms
 */
public record CheckDefinition(String id, GuideStep step, String title, Severity severity, Category category,
        String risk, String remediation) {

    public CheckDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(step, "step");
        if (!id.matches("[A-Z][A-Za-z0-9]*\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("check id must look like A1.wal-level: " + id);
        }
    }
}
