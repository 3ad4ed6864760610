package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a killed JVM left behind: sandbox directories whose owning process is gone, after stopping any
 * PostgreSQL server still running on them (its {@code postmaster.pid} names it). Sandbox directories carry their
 * owner's process id in their name ({@code ingest-runbooks-p<pid>-…}), so a run never touches another live run's.
 */
final class StaleSandboxes {
    private static final Logger LOG = LoggerFactory.getLogger(StaleSandboxes.class);
    private static final Pattern OWNED = Pattern.compile("ingest-runbooks-p(\\d+)-.*");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private StaleSandboxes() {
    }

    /** The directory-name prefix of sandbox directories owned by this process. */
    static String prefix() {
        return "ingest-runbooks-p" + ProcessHandle.current().pid() + "-";
    }

    /** Sweeps {@code base}; returns the directories removed. Never throws: a sweep must not stop a run. */
    static List<Path> sweep(Path base) {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, "ingest-runbooks-p*")) {
            List<Path> stale = new java.util.ArrayList<>();
            for (Path dir : entries) {
                Matcher m = OWNED.matcher(dir.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    stopOrphanedServers(dir);
                    SandboxDirectory.deleteRecursively(dir);
                    stale.add(dir);
                }
            }
            if (!stale.isEmpty()) {
                LOG.info("removed {} sandbox directories left by processes that no longer run: {}", stale.size(), stale);
            }
            return stale;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not sweep stale sandbox directories under {}: {}", base, e.toString());
            return List.of();
        }
    }

    private static void stopOrphanedServers(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().equals("postmaster.pid")).toList()) {
                postmaster(pidFile).ifPresent(StaleSandboxes::stop);
            }
        }
    }

    /** The first line of postmaster.pid is the server's process id. */
    private static Optional<ProcessHandle> postmaster(Path pidFile) {
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle server) {
        LOG.info("stopping orphaned PostgreSQL server, pid {}", server.pid());
        server.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        try {
            server.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
        }
    }
}
