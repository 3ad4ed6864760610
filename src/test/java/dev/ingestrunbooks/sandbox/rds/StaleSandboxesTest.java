package dev.ingestrunbooks.sandbox.rds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StaleSandboxesTest {
    @TempDir
    Path base;

    /** A process id that is certainly not running: one that has already exited. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void removesDirectoriesOfDeadOwnersAndStopsTheirOrphanedServers() throws Exception {
        Path stale = Files.createDirectories(base.resolve("ingest-runbooks-p" + deadPid() + "-orders-123/data"));
        Process orphan = new ProcessBuilder("sleep", "60").start(); // stands in for an orphaned postmaster
        Files.writeString(stale.resolve("postmaster.pid"), orphan.pid() + "\n/some/data\n");
        Path mine = Files.createDirectories(base.resolve(StaleSandboxes.prefix() + "inventory-456"));
        Path other = Files.createDirectories(base.resolve("unrelated-dir"));

        assertThat(StaleSandboxes.sweep(base)).containsExactly(stale.getParent());

        assertThat(stale.getParent()).doesNotExist();
        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("orphaned server stopped").isTrue();
        assertThat(mine).exists();
        assertThat(other).exists();
    }

    @Test
    void aMissingBaseIsNoError() {
        assertThat(StaleSandboxes.sweep(base.resolve("nope"))).isEmpty();
    }
}
