package dev.ingestrunbooks.runbook;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestCaseStarted;
import io.cucumber.plugin.event.TestStepFinished;
import io.cucumber.plugin.event.TestStepStarted;
import dev.ingestrunbooks.evidence.Secrets;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * Console progress while runbooks run: which guide section and step is running, and each failure as it happens
 * (not only in the summary at the end).
 */
public final class ConsoleProgress implements ConcurrentEventListener {
    private final PrintStream out = System.out;

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseStarted.class, this::scenarioStarted);
        publisher.registerHandlerFor(TestStepStarted.class, this::stepStarted);
        publisher.registerHandlerFor(TestStepFinished.class, this::stepFinished);
        publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
    }

    private void scenarioStarted(TestCaseStarted event) {
        String tags = event.getTestCase().getTags().stream().collect(Collectors.joining(" "));
        out.printf("%n▶ %s  [%s]%n", event.getTestCase().getName(), tags);
    }

    private void stepStarted(TestStepStarted event) {
        if (event.getTestStep() instanceof PickleStepTestStep step) {
            out.printf("    %s%s%n", step.getStep().getKeyword(), step.getStep().getText());
        }
    }

    private void stepFinished(TestStepFinished event) {
        Result result = event.getResult();
        if ((result.getStatus() == Status.FAILED || result.getStatus() == Status.SKIPPED) && result.getError() != null) {
            String message = String.valueOf(result.getError().getMessage()).strip().replaceAll("\\s*\\n\\s*", " ");
            out.printf("    %s: %s%n", result.getStatus() == Status.FAILED ? "✗ FAILED" : "– SKIPPED", Secrets.mask(message));
        } else if (result.getStatus() == Status.UNDEFINED && event.getTestStep() instanceof PickleStepTestStep step) {
            out.printf("    ? UNDEFINED step: %s%n", step.getStep().getText());
        }
    }

    private void scenarioFinished(TestCaseFinished event) {
        Result result = event.getResult();
        String mark = switch (result.getStatus()) {
            case PASSED -> "✓";
            case SKIPPED -> "–";
            default -> "✗";
        };
        out.printf("  %s %s (%.1f s)%n", mark, result.getStatus(),
                result.getDuration().toMillis() / 1000.0);
    }
}
