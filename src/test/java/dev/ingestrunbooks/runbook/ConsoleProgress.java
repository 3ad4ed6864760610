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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Console progress while runbooks run: a line when a scenario starts, then, when it ends, its guide steps, each
 * failure with its message, and the outcome. Scenarios may run in parallel (two at a time by default), so a
 * scenario's lines are collected and printed together, never interleaved with another's.
 */
public final class ConsoleProgress implements ConcurrentEventListener {
    private final PrintStream out = System.out;
    private final Map<UUID, StringBuilder> running = new ConcurrentHashMap<>();

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseStarted.class, this::scenarioStarted);
        publisher.registerHandlerFor(TestStepStarted.class, this::stepStarted);
        publisher.registerHandlerFor(TestStepFinished.class, this::stepFinished);
        publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
    }

    private void scenarioStarted(TestCaseStarted event) {
        String tags = event.getTestCase().getTags().stream().collect(Collectors.joining(" "));
        String head = String.format("%n▶ %s  [%s]%n", event.getTestCase().getName(), tags);
        running.put(event.getTestCase().getId(), new StringBuilder(head));
        print("… started: " + event.getTestCase().getName() + System.lineSeparator());
    }

    private void stepStarted(TestStepStarted event) {
        if (event.getTestStep() instanceof PickleStepTestStep step) {
            lines(event.getTestCase().getId()).append(String.format("    %s%s%n", step.getStep().getKeyword(),
                    step.getStep().getText()));
        }
    }

    private void stepFinished(TestStepFinished event) {
        Result result = event.getResult();
        StringBuilder lines = lines(event.getTestCase().getId());
        if ((result.getStatus() == Status.FAILED || result.getStatus() == Status.SKIPPED) && result.getError() != null) {
            String message = String.valueOf(result.getError().getMessage()).strip().replaceAll("\\s*\\n\\s*", " ");
            lines.append(String.format("    %s: %s%n", result.getStatus() == Status.FAILED ? "✗ FAILED" : "– SKIPPED",
                    Secrets.mask(message)));
        } else if (result.getStatus() == Status.UNDEFINED && event.getTestStep() instanceof PickleStepTestStep step) {
            lines.append(String.format("    ? UNDEFINED step: %s%n", step.getStep().getText()));
        }
    }

    private void scenarioFinished(TestCaseFinished event) {
        Result result = event.getResult();
        String mark = switch (result.getStatus()) {
            case PASSED -> "✓";
            case SKIPPED -> "–";
            default -> "✗";
        };
        StringBuilder lines = running.remove(event.getTestCase().getId());
        if (lines == null) {
            lines = new StringBuilder();
        }
        lines.append(String.format("  %s %s (%.1f s)%n", mark, result.getStatus(),
                result.getDuration().toMillis() / 1000.0));
        print(lines.toString());
    }

    private StringBuilder lines(UUID testCase) {
        return running.computeIfAbsent(testCase, id -> new StringBuilder());
    }

    private synchronized void print(String text) {
        out.print(text);
        out.flush();
    }
}
