package dev.ingestrunbooks.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Writes {@code KEY=value} lines that a shell can {@code source} (values shell-quoted when needed). The file holds
 * passwords, so it is created owner-only ({@code 0600}) and replaced atomically: a reader never sees half a file.
 */
final class EnvFile {

    private EnvFile() {
    }

    static void write(Path path, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder("# ingest-runbooks standalone sandbox; valid while it runs\n");
        entries.forEach((key, value) -> text.append(key).append('=').append(ShellWords.quote(value)).append('\n'));
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
