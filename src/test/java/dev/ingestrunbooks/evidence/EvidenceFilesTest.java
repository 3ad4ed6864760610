package dev.ingestrunbooks.evidence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's side files: environment.properties, executor.json and categories.json. */
class EvidenceFilesTest {
    @TempDir
    Path results;
    private String previous;

    @BeforeEach
    void pointAllureHere() {
        previous = System.getProperty("allure.results.directory");
        System.setProperty("allure.results.directory", results.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("allure.results.directory");
        } else {
            System.setProperty("allure.results.directory", previous);
        }
    }

    @Test
    void environmentIsSortedEscapedAndMasked() throws IOException {
        Secrets.register("env-secret-value");
        Evidence.environment(Map.of("target", "sandbox", "aws.endpoint", "http://127.0.0.1:1234",
                "note", "token=env-secret-value"));
        assertThat(Files.readString(results.resolve("environment.properties"))).isEqualTo(
                "aws.endpoint=http\\://127.0.0.1\\:1234\nnote=token\\=****\ntarget=sandbox\n");
    }

    @Test
    void executorNamesTheRun() throws IOException {
        Evidence.executor("Maven", "maven", "ingest-runbooks run 20261202T000000Z-abcdef");
        assertThat(Files.readString(results.resolve("executor.json"))).isEqualToIgnoringNewLines(
                "{\"name\": \"Maven\", \"type\": \"maven\", \"buildName\": \"ingest-runbooks run 20261202T000000Z-abcdef\"}");
    }

    @Test
    void categoriesMatchTheMessagesOfRunbookFailures() throws IOException {
        Evidence.categories(Map.of("A1 enable logical replication", "do step A1 (enable logical replication)"));
        String json = Files.readString(results.resolve("categories.json"));
        assertThat(json).contains("\"name\": \"Setup incomplete: A1 enable logical replication\"");
        // the regex as Allure reads it after JSON unescaping
        String regex = json.lines().filter(l -> l.contains("Setup incomplete")).findFirst().orElseThrow()
                .replaceAll(".*\"messageRegex\": \"(.*)\"}.*", "$1").replace("\\\\", "\\");
        assertThat(Pattern.compile(regex).matcher("wal_level is 'replica', not 'logical': do step A1 (enable logical"
                + " replication)").matches()).isTrue();
        assertThat(Pattern.compile(regex).matcher("do step A2 (create a publication)").matches()).isFalse();
    }
}
