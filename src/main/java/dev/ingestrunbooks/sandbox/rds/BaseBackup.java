package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A physical base backup of a running primary into an empty directory, the way {@code pg_basebackup -X fetch}
 * makes one (zonky's binaries ship no pg_basebackup): the non-exclusive low-level backup API
 * (<a href="https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP">docs</a>)
 * in one admin session, a file copy in Java, the WAL copied after the backup stops, and {@code backup_label}
 * written from {@code pg_backup_stop}'s result. The files skipped are those pg_basebackup skips.
 */
final class BaseBackup {

    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "backup_label.old", "tablespace_map", "standby.signal", "recovery.signal",
            "pg_internal.init", "postgresql.auto.conf.tmp");
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp",
            "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private BaseBackup() {
    }

    /** Copies the primary's data directory into {@code target} (created, mode 0700); returns the backup label. */
    static String take(EmbeddedPostgresServer primary, int major, Path target) throws SQLException {
        try (Connection session = primary.connect("postgres")) {
            Jdbc.queryString(session, major >= 15 ? "SELECT pg_backup_start('aurora-reader', true)"
                    : "SELECT pg_start_backup('aurora-reader', true, false)");
            String label;
            try {
                copyTree(primary.dataDirectory(), target);
            } finally {
                label = Jdbc.queryString(session, major >= 15
                        ? "SELECT labelfile FROM pg_backup_stop(false)"
                        : "SELECT labelfile FROM pg_stop_backup(false, false)");
            }
            copyWal(primary.dataDirectory().resolve("pg_wal"), target.resolve("pg_wal"));
            Files.writeString(target.resolve("backup_label"), label);
            return label;
        } catch (IOException e) {
            throw new UncheckedIOException("base backup of " + primary.name() + " failed", e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                boolean emptied = dir.getParent().equals(source)
                        && EMPTIED_DIRECTORIES.contains(dir.getFileName().toString());
                return emptied ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
                    copyIfPresent(file, target.resolve(source.relativize(file).toString()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** WAL segments (and timeline history) present after the backup stopped: covers the backup's whole range. */
    private static void copyWal(Path sourceWal, Path targetWal) throws IOException {
        Files.createDirectories(targetWal.resolve("archive_status"));
        try (var files = Files.list(sourceWal)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    copyIfPresent(file, targetWal.resolve(file.getFileName().toString()));
                }
            }
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // dropped or recycled while we copied, as pg_basebackup tolerates
        }
    }
}
