package dev.ingestrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a user runs it: a child JVM on the test classpath, stopped with SIGTERM
 * ({@link ProcessHandle#destroy()}) once it says it is up, or while it starts. It must exit within seconds,
 * cleanly, and leave no PostgreSQL server or data behind.
 */
class SandboxCommandProcessTest {

    private static final int MAJOR = PostgresVersion.requestedMajor();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsEverythingWithinSeconds() throws Exception {
        Path envFile = dir.resolve("sandbox.env");
        Child child = Child.start(dir, "Press Ctrl-C", "--postgres", String.valueOf(MAJOR),
                "--logical-replication", "on", "--env-file", envFile.toString());
        try {
            child.awaitLine();
            Map<String, String> env = SandboxCommandTest.readEnvFile(envFile);
            assertThat(SandboxCommandTest.accepts(Integer.parseInt(env.get("PG_PORT")))).isTrue();
            assertThat(postgresProcessesUnder(child.sandboxes)).as("servers while running").hasSize(2);

            long stopping = System.nanoTime();
            child.sigtermAndAwaitExit(Duration.ofSeconds(10));
            System.out.printf("sandbox child exited %.1f s after SIGTERM%n", (System.nanoTime() - stopping) / 1e9);
            assertThat(child.out).as("stderr: %s", child.stderr()).contains("Sandbox stopped.");
            assertThat(child.stderr()).as("the stop's log").doesNotContain("Could not stop postmaster")
                    .doesNotContain("Exception");
            assertNothingLeft(child);
            assertThat(envFile).doesNotExist();
            assertThat(SandboxCommandTest.accepts(Integer.parseInt(env.get("MZ_PORT")))).isFalse();
        } finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void sigtermWhileStartingStopsWhatStartedToo() throws Exception {
        Child child = Child.start(dir, "Starting Materialize", "--postgres", String.valueOf(MAJOR));
        try {
            child.awaitLine();
            child.sigtermAndAwaitExit(Duration.ofSeconds(20));
            assertThat(child.stderr()).as("the stop's log").doesNotContain("Could not stop postmaster");
            assertNothingLeft(child);
            assertThat(child.out).doesNotContain("Press Ctrl-C to stop.");
        } finally {
            child.process.destroyForcibly();
        }
    }

    private static void assertNothingLeft(Child child) throws IOException {
        assertThat(child.process.exitValue()).isIn(0, 143);
        assertThat(postgresProcessesUnder(child.sandboxes)).as("servers after exit").isEmpty();
        try (Stream<Path> left = Files.list(child.sandboxes)) {
            assertThat(left).as("sandbox directories left").isEmpty();
        }
    }

    /** The command in a child JVM, its sandbox directories under {@code dir/sandboxes}, stdout collected. */
    private record Child(Process process, Path dir, Path sandboxes, List<String> out, CompletableFuture<Void> line,
            CompletableFuture<Void> ended) {

        static Child start(Path dir, String awaitedLine, String... args) throws IOException {
            Path sandboxes = Files.createDirectories(dir.resolve("sandboxes"));
            // C1 only, as the test JVMs themselves run: the child lives for seconds
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    "-D" + PostgresVersion.PROPERTY + "=" + MAJOR, "-Drunbook.sandbox.tmpdir=" + sandboxes,
                    SandboxCommand.class.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
            List<String> out = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> line = new CompletableFuture<>();
            Child child = new Child(process, dir, sandboxes, out, line, new CompletableFuture<>());
            CompletableFuture.runAsync(() -> child.readLines(awaitedLine)).whenComplete((v, e) -> child.ended
                    .complete(null));
            return child;
        }

        void awaitLine() throws Exception {
            line.get(120, TimeUnit.SECONDS);
        }

        /** SIGTERM; {@link Process#destroy()} would also close our end of its stdout. */
        void sigtermAndAwaitExit(Duration limit) throws Exception {
            process.toHandle().destroy();
            assertThat(process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
                    .as("exited within %s of SIGTERM; stderr %s", limit, stderr()).isTrue();
            ended.get(5, TimeUnit.SECONDS);
        }

        private void readLines(String awaitedLine) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    out.add(l.trim());
                    if (l.startsWith(awaitedLine)) {
                        line.complete(null);
                    }
                }
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
            line.completeExceptionally(new IllegalStateException("the command ended before '" + awaitedLine
                    + "'; stdout " + out + ", stderr " + stderr()));
        }

        String stderr() {
            try {
                return Files.readString(dir.resolve("stderr.txt"));
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * The PostgreSQL servers whose command line names {@code directory}: postmasters only, not the children a
     * postmaster has just forked (a backend or worker keeps its parent's command line until it retitles itself).
     */
    private static List<ProcessHandle> postgresProcessesUnder(Path directory) {
        String marker = directory.toString();
        java.util.function.Predicate<ProcessHandle> names = p -> p.info().commandLine()
                .map(c -> c.contains(marker) && c.contains("postgres")).orElse(false);
        return ProcessHandle.allProcesses().filter(names)
                .filter(p -> p.parent().map(parent -> !names.test(parent)).orElse(true))
                .toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
