package dev.ingestrunbooks.evidence;

import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Allure results written without a test framework (the {@code check} command): one result file per test, in the
 * format the Allure report reads, so that a run outside Maven lands in the same setup-health report. Everything is
 * masked on the way out.
 */
public final class StandaloneResults {

    /** One result: what it checked, how it ended, and how the report files it. */
    public record Result(String name, String fullName, String historyId, String status, String message,
            Map<String, String> labels, String details, long startMillis, long stopMillis) {
    }

    private final FileSystemResultsWriter writer;

    public StandaloneResults(Path directory) {
        this.writer = new FileSystemResultsWriter(directory);
    }

    public void write(Result r) {
        List<Label> labels = new ArrayList<>();
        r.labels().forEach((name, value) -> labels.add(new Label().setName(name).setValue(value)));
        List<Attachment> attachments = new ArrayList<>();
        if (r.details() != null && !r.details().isEmpty()) {
            String source = UUID.randomUUID() + "-attachment.txt";
            writer.write(source, new ByteArrayInputStream(Secrets.mask(r.details()).getBytes(StandardCharsets.UTF_8)));
            attachments.add(new Attachment().setName("details").setType("text/plain").setSource(source));
        }
        TestResult result = new TestResult().setUuid(UUID.randomUUID().toString()).setName(Secrets.mask(r.name()))
                .setFullName(r.fullName()).setHistoryId(r.historyId()).setTestCaseId(r.historyId())
                .setStatus(Status.fromValue(r.status())).setStage(Stage.FINISHED)
                .setStatusDetails(new StatusDetails().setMessage(Secrets.mask(r.message())))
                .setLabels(labels).setAttachments(attachments).setStart(r.startMillis()).setStop(r.stopMillis());
        writer.write(result);
    }
}
