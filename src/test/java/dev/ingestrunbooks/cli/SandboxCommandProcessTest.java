package dev.ingestrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * ({@link ProcessHandle#destroy()}) once it says it is up. It must exit within seconds, cleanly, and leave no PostgreSQL server or data behind.
 */
class SandboxCommandProcessTest {

    private static final int MAJOR = PostgresVersion.requestedMajor();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsEverythingWithinSeconds() throws Exception {
        Path sandboxes = Files.createDirectories(dir.resolve("sandboxes"));
        Path envFile = dir.resolve("sandbox.env");
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "-D" + PostgresVersion.PROPERTY + "=" + MAJOR, "-Drunbook.sandbox.tmpdir=" + sandboxes,
                SandboxCommand.class.getName(), "--postgres", String.valueOf(MAJOR), "--logical-replication", "on",
                "--env-file", envFile.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        List<String> out = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> up = new CompletableFuture<>();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> readLines(child, out, up));
        try {
            up.get(120, TimeUnit.SECONDS);
            Map<String, String> env = SandboxCommandTest.readEnvFile(envFile);
            assertThat(SandboxCommandTest.accepts(Integer.parseInt(env.get("PG_PORT")))).isTrue();
            assertThat(postgresProcessesUnder(sandboxes)).as("servers while running").hasSize(2);

            long stopping = System.nanoTime();
            child.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
            System.out.printf("sandbox child exited %.1f s after SIGTERM%n", (System.nanoTime() - stopping) / 1e9);
            assertThat(child.exitValue()).isIn(0, 143);
            ended.get(5, TimeUnit.SECONDS);
            assertThat(out).as("stderr: %s", stderr()).contains("Sandbox stopped.");
            assertThat(postgresProcessesUnder(sandboxes)).as("servers after exit").isEmpty();
            assertThat(envFile).doesNotExist();
            try (Stream<Path> left = Files.list(sandboxes)) {
                assertThat(left).as("sandbox directories left").isEmpty();
            }
            assertThat(SandboxCommandTest.accepts(Integer.parseInt(env.get("MZ_PORT")))).isFalse();
        } finally {
            child.destroyForcibly();
        }
    }

    /** Collects stdout lines; completes {@code up} once the command says it runs, or exceptionally if it ends. */
    private void readLines(Process child, List<String> out, CompletableFuture<Void> up) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line.trim());
                if (line.startsWith("Press Ctrl-C")) {
                    up.complete(null);
                }
            }
        } catch (IOException e) {
            up.completeExceptionally(e);
        }
        up.completeExceptionally(new IllegalStateException("the command ended before it was up; stdout " + out
                + ", stderr " + stderr()));
    }

    private static List<ProcessHandle> postgresProcessesUnder(Path directory) {
        String marker = directory.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && c.contains("postgres"))
                        .orElse(false))
                .toList();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
