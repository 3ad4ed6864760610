package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.evidence.Evidence;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.TestCaseStarted;

import java.util.Arrays;
import java.util.List;

/**
 * Files each scenario under its guide (feature) and guide section (story) in the setup-health report.
 *
 * <p>A plugin rather than a {@code @Before} hook: the Allure adapter runs hooks as fixtures, where the test case
 * cannot be updated. Listed after the Allure plugin in {@code cucumber.plugin}, so the test case has started.
 */
public final class ReportClassifier implements ConcurrentEventListener {

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseStarted.class, this::classify);
    }

    private void classify(TestCaseStarted event) {
        List<String> tags = event.getTestCase().getTags();
        String guide = tags.contains("@compliance") ? "Setup health (read-only checks)"
                : tags.contains("@aurora") ? "Amazon Aurora PostgreSQL"
                : tags.contains("@rds") ? "Amazon RDS for PostgreSQL" : "Other checks";
        List<String> sections = Arrays.stream(GuideStep.values()).filter(s -> tags.contains("@" + s.id()))
                .map(GuideStep::title).toList();
        Evidence.classify("Ingest PostgreSQL into Materialize", "Guide: " + guide,
                sections.isEmpty() ? List.of("other") : sections);
    }
}
