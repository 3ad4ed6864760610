package dev.ingestrunbooks.evidence;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one façade over Allure: what a runbook step did (SQL and its result table, AWS calls) becomes attachments of
 * the running Allure step. Every text passes through {@link Secrets#mask(String)} first.
 *
 * <p>Outside a running test (unit tests, the CLI) the calls do nothing, so drivers may call them unconditionally.
 */
public final class Evidence {
    /** How much evidence this thread has recorded: an AWS call folds into the last only if nothing came in between. */
    private static final ThreadLocal<long[]> SEQUENCE = ThreadLocal.withInitial(() -> new long[1]);
    private static final ThreadLocal<RecordedCall> LAST_CALL = new ThreadLocal<>();

    private Evidence() {
    }

    /** Attaches a SQL statement exactly as it was sent (secrets masked). */
    public static void sql(String title, String sql) {
        attach(title, "text/plain", "sql", sql);
    }

    /** Attaches a result set as CSV, which Allure shows as a table. */
    public static void table(String title, List<String> columns, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder(csvLine(columns));
        rows.forEach(row -> csv.append(csvLine(row)));
        attach(title, "text/csv", "csv", csv.toString());
    }

    /**
     * Records one AWS API call as a sub-step whose parameters are its request and the response's fields (or the
     * error): parameters live in the result file, where an attachment would be a file of its own that the report
     * generator has to open and probe (a few ms each; AWS calls were most of a report's attachments). A poll, the
     * same call answered the same way again with nothing recorded in between, folds into the step before: its name
     * counts the calls and its time spans them, so a wait for {@code available} reads as one step instead of dozens.
     */
    public static void awsCall(String service, String operation, String request, String outcome, boolean failed) {
        if (!running()) {
            return;
        }
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String parent = lifecycle.getCurrentTestCaseOrStep().orElseThrow();
        String name = "AWS " + service + " " + operation + (failed ? " → error" : "");
        String maskedRequest = Secrets.mask(request);
        String maskedOutcome = Secrets.mask(outcome);
        String text = maskedRequest + "\n" + maskedOutcome;
        RecordedCall last = LAST_CALL.get();
        if (last != null && last.isRepeatedBy(SEQUENCE.get()[0], parent, name, text)) {
            last.repeat();
            return;
        }
        String uuid = UUID.randomUUID().toString();
        StepResult step = new StepResult().setName(name).setParameters(List.of(
                        new Parameter().setName("request").setValue(maskedRequest),
                        new Parameter().setName(failed ? "error" : "response").setValue(maskedOutcome)))
                .setStatus(failed ? Status.BROKEN : Status.PASSED);
        lifecycle.startStep(uuid, step);
        lifecycle.stopStep(uuid);
        SEQUENCE.get()[0]++;
        LAST_CALL.set(new RecordedCall(SEQUENCE.get()[0], parent, name, text, step));
    }

    /** An AWS call step that later identical calls fold into. */
    private static final class RecordedCall {
        private final long sequence;
        private final String parent;
        private final String name;
        private final String text;
        private final StepResult step;
        private int calls = 1;

        RecordedCall(long sequence, String parent, String name, String text, StepResult step) {
            this.sequence = sequence;
            this.parent = parent;
            this.name = name;
            this.text = text;
            this.step = step;
        }

        boolean isRepeatedBy(long sequenceNow, String parentNow, String nameNow, String textNow) {
            return sequence == sequenceNow && parent.equals(parentNow) && name.equals(nameNow) && text.equals(textNow);
        }

        void repeat() {
            calls++;
            step.setName(name + " (" + calls + " calls, the same answer)");
            step.setStop(System.currentTimeMillis());
        }
    }

    /**
     * Files the running test in the report's behaviours tree: one feature per guide, one story per guide section.
     * Replaces the feature label the Cucumber adapter derives from the Gherkin feature name.
     */
    public static void classify(String epic, String feature, List<String> stories) {
        if (!running()) {
            return;
        }
        Allure.getLifecycle().updateTestCase(tc -> {
            tc.getLabels().removeIf(l -> List.of("epic", "feature", "story").contains(l.getName()));
            tc.getLabels().add(new Label().setName("epic").setValue(epic));
            tc.getLabels().add(new Label().setName("feature").setValue(feature));
            stories.forEach(story -> tc.getLabels().add(new Label().setName("story").setValue(story)));
        });
    }

    /** Sets the running test's Allure severity (one of blocker, critical, normal, minor, trivial). */
    public static void severity(String severity) {
        if (!running()) {
            return;
        }
        Allure.getLifecycle().updateTestCase(tc -> {
            tc.getLabels().removeIf(l -> l.getName().equals("severity"));
            tc.getLabels().add(new Label().setName("severity").setValue(severity));
        });
    }

    /**
     * Records free text (a note, a log excerpt): a single short line becomes a parameter of the running step, shown
     * in place and kept in the result file; anything longer, or outside a step, an attachment.
     */
    public static void text(String title, String content) {
        if (!running()) {
            return;
        }
        String masked = Secrets.mask(String.valueOf(content));
        AllureLifecycle lifecycle = Allure.getLifecycle();
        Optional<String> current = lifecycle.getCurrentTestCaseOrStep();
        boolean inStep = current.isPresent() && !current.equals(lifecycle.getCurrentTestCase());
        if (inStep && masked.length() <= SHORT_TEXT && masked.indexOf('\n') < 0) {
            SEQUENCE.get()[0]++;
            lifecycle.updateStep(current.get(), step -> step.getParameters().add(
                    new Parameter().setName(title).setValue(masked)));
        } else {
            attach(title, "text/plain", "txt", masked);
        }
    }

    /** The longest text {@link #text} shows as a step parameter rather than an attachment. */
    static final int SHORT_TEXT = 200;

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Writes {@code environment.properties} into the Allure results directory (target, region, versions…). */
    public static void environment(Map<String, String> values) {
        environment(resultsDirectory(), values);
    }

    /** Writes {@code environment.properties} into {@code dir}. */
    public static void environment(Path dir, Map<String, String> values) {
        write(dir, "environment.properties", new TreeMap<>(values).entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(Secrets.mask(e.getValue())))
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private static synchronized void write(Path dir, String file, String body) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " into " + dir, e);
        }
    }

    /** Writes {@code executor.json}, the report's "Executors" entry: what ran the runbooks, and which run it was. */
    public static void executor(String name, String type, String buildName) {
        write(resultsDirectory(), "executor.json", String.format("{\"name\": \"%s\", \"type\": \"%s\","
                + " \"buildName\": \"%s\"}%n", jsonText(name), jsonText(type), jsonText(Secrets.mask(buildName))));
    }

    /**
     * Writes {@code categories.json}, which names failure categories in the report: first the compliance checks'
     * own ({@code [Misconfiguration]}, {@code [Risk]}, {@code [Unreachable]}, {@code [Harness defect]} in a
     * result's message), then one per guide step whose absence made a check fail ({@code "… : do step A1 (…)"}),
     * plus AWS errors and harness errors.
     *
     * @param guideSteps a guide step's title (e.g. {@code A1 enable logical replication}) → the advice its failures end
     *                   with ({@code do step A1 (enable logical replication)})
     */
    public static void categories(Map<String, String> guideSteps) {
        categories(resultsDirectory(), guideSteps);
    }

    /** Writes {@code categories.json} into {@code dir}. */
    public static void categories(Path dir, Map<String, String> guideSteps) {
        StringBuilder json = new StringBuilder("[\n");
        for (String category : List.of("Misconfiguration", "Risk", "Unreachable", "Harness defect")) {
            json.append(String.format("  {\"name\": \"Setup health: %s\", \"matchedStatuses\": [\"failed\","
                    + " \"broken\"], \"messageRegex\": \"(?s).*\\\\[%s\\\\].*\"},%n", category, category));
        }
        new TreeMap<>(guideSteps).forEach((title, advice) -> json.append(String.format(
                "  {\"name\": \"Setup incomplete: %s\", \"matchedStatuses\": [\"failed\"],"
                        + " \"messageRegex\": \"(?s).*%s.*\"},%n", jsonText(title),
                jsonText(java.util.regex.Pattern.quote(advice)))));
        json.append("  {\"name\": \"AWS error\", \"matchedStatuses\": [\"failed\", \"broken\"],"
                + " \"traceRegex\": \"(?s).*(AwsServiceException|RdsException|SdkClientException).*\"},\n");
        // only failures that name no guide step (Allure files a result under every category that matches it)
        json.append("  {\"name\": \"Other check failed\", \"matchedStatuses\": [\"failed\"],"
                + " \"messageRegex\": \"(?s)(?!.*\\\\bdo (step |what the guide)).*\"},\n");
        json.append("  {\"name\": \"Harness or target broken\", \"matchedStatuses\": [\"broken\"]}\n]\n");
        write(dir, "categories.json", json.toString());
    }

    /** The directory the Allure adapter writes to ({@code allure.results.directory}, as Allure itself reads it). */
    public static Path resultsDirectory() {
        return Path.of(System.getProperty("allure.results.directory", "allure-results"));
    }

    private static void attach(String title, String type, String extension, String content) {
        if (running()) {
            SEQUENCE.get()[0]++;
            Allure.addAttachment(title, type, Secrets.mask(content), extension);
        }
    }

    private static boolean running() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }

    private static String csvLine(List<String> cells) {
        return cells.stream().map(Evidence::csvCell).collect(Collectors.joining(",", "", "\n"));
    }

    private static String csvCell(String cell) {
        if (cell == null) {
            return "NULL";
        }
        boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
    }
}
