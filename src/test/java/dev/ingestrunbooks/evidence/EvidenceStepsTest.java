package dev.ingestrunbooks.evidence;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How evidence becomes part of the report: AWS calls as steps with their request and response as parameters, polls
 * folded into one step; short texts as parameters, longer ones as attachments.
 */
class EvidenceStepsTest {
    private final List<TestResult> written = new ArrayList<>();
    private final Map<String, String> attachments = new HashMap<>();
    private AllureLifecycle previous;
    private String testCase;

    @BeforeEach
    void startATestCase() {
        previous = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new InMemoryWriter()));
        testCase = UUID.randomUUID().toString();
        Allure.getLifecycle().scheduleTestCase(new TestResult().setUuid(testCase).setName("a runbook"));
        Allure.getLifecycle().startTestCase(testCase);
    }

    @AfterEach
    void restore() {
        Allure.setLifecycle(previous);
    }

    @Test
    void aPollFoldsIntoOneStepThatCountsItsCalls() {
        for (int i = 0; i < 3; i++) {
            Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=db)", "Response(status=modifying)", false);
        }
        Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=db)", "Response(status=available)", false);

        List<StepResult> steps = finish().getSteps();
        assertThat(steps).extracting(StepResult::getName).containsExactly(
                "AWS Rds DescribeDBInstances (3 calls, the same answer)", "AWS Rds DescribeDBInstances");
        assertThat(steps.get(0).getStop()).isGreaterThanOrEqualTo(steps.get(0).getStart());
        assertThat(steps.get(1).getParameters()).extracting(Parameter::getName, Parameter::getValue).containsExactly(
                tuple("request", "Request(id=db)"), tuple("response", "Response(status=available)"));
        assertThat(steps).allSatisfy(s -> assertThat(s.getAttachments()).isEmpty());
    }

    @Test
    void callsWithOtherEvidenceBetweenThemStaySeparate() {
        Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=db)", "Response(status=available)", false);
        Evidence.sql("SQL as postgres", "SELECT 1");
        Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=db)", "Response(status=available)", false);
        Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=other)", "Response(status=available)", false);
        Evidence.awsCall("Rds", "DescribeDBInstances", "Request(id=db)", "Response(status=available)", false);

        TestResult result = finish();
        assertThat(result.getSteps()).extracting(StepResult::getName).containsOnly("AWS Rds DescribeDBInstances")
                .hasSize(4);
        assertThat(attachments).as("the SQL only").hasSize(1);
    }

    @Test
    void aFailedCallIsBrokenAndNamesTheErrorWithSecretsMasked() {
        Secrets.register("hunter2-aws-secret");
        Evidence.awsCall("Rds", "ModifyDBInstance", "Request(password=hunter2-aws-secret)", "RdsException: nope", true);

        StepResult step = finish().getSteps().get(0);
        assertThat(step.getName()).isEqualTo("AWS Rds ModifyDBInstance → error");
        assertThat(step.getStatus()).isEqualTo(Status.BROKEN);
        assertThat(step.getParameters()).extracting(Parameter::getName, Parameter::getValue).containsExactly(
                tuple("request", "Request(password=****)"), tuple("error", "RdsException: nope"));
    }

    @Test
    void aShortTextIsAParameterOfTheStepAndALongOneAnAttachment() {
        String step = UUID.randomUUID().toString();
        Allure.getLifecycle().startStep(step, new StepResult().setName("a Gherkin step"));
        Evidence.text("database", "orders-db at 127.0.0.1:5432, admin user postgres");
        Evidence.text("server log", "line 1\nline 2");
        Allure.getLifecycle().stopStep(step);

        StepResult result = finish().getSteps().get(0);
        assertThat(result.getParameters()).extracting(Parameter::getName, Parameter::getValue)
                .containsExactly(tuple("database", "orders-db at 127.0.0.1:5432, admin user postgres"));
        assertThat(result.getAttachments()).extracting(a -> a.getName()).containsExactly("server log");
        assertThat(attachments.get(result.getAttachments().get(0).getSource())).isEqualTo("line 1\nline 2");
    }

    private TestResult finish() {
        Allure.getLifecycle().stopTestCase(testCase);
        Allure.getLifecycle().writeTestCase(testCase);
        assertThat(written).hasSize(1);
        return written.get(0);
    }

    private final class InMemoryWriter implements AllureResultsWriter {
        @Override
        public void write(TestResult testResult) {
            written.add(testResult);
        }

        @Override
        public void write(TestResultContainer testResultContainer) {
        }

        @Override
        public void write(String source, InputStream attachment) {
            try (attachment; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                attachment.transferTo(out);
                attachments.put(source, out.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
