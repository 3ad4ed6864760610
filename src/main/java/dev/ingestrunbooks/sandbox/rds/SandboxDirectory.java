package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A temporary directory (data directories, server logs) that is deleted, recursively, on close.
 *
 * <p>Directories are made under {@link #base()}: {@code -D}{@value #BASE_PROPERTY} if set, else the tmpfs
 * {@code /dev/shm} when it is a writable directory, else {@code java.io.tmpdir}. A PostgreSQL data directory is
 * about a thousand small files, and creating files on a virtual disk can cost a millisecond each, so tmpfs makes
 * initdb, copies, base backups and deletion several times faster. Limit: on tmpfs the data live in RAM (tens of
 * MB per server). A directory left behind by a killed JVM is removed by the next run ({@link StaleSandboxes}).
 */
final class SandboxDirectory implements AutoCloseable {

    /** System property naming the directory under which sandbox directories are made. */
    static final String BASE_PROPERTY = "runbook.sandbox.tmpdir";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private final Path root;

    private SandboxDirectory(Path root) {
        this.root = root;
    }

    static SandboxDirectory create(String prefix) {
        try {
            Path base = base();
            Files.createDirectories(base);
            if (SWEPT.compareAndSet(false, true)) {
                StaleSandboxes.sweep(base);
            }
            return new SandboxDirectory(Files.createTempDirectory(base, StaleSandboxes.prefix() + prefix + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Where sandbox directories are made; see the class comment. */
    static Path base() {
        String configured = System.getProperty(BASE_PROPERTY, "").trim();
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return SHARED_MEMORY;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    Path root() {
        return root;
    }

    Path resolve(String name) {
        return root.resolve(name);
    }

    @Override
    public void close() {
        deleteRecursively(root);
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
