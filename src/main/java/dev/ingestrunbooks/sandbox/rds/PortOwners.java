package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who listens on a TCP port of this machine, from Linux's {@code /proc}: for the log line of a PostgreSQL start
 * that lost its port, so that a rare race can be traced to its other party. {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} list sockets with the local address as hex {@code ADDR:PORT}, the state ({@code 0A} is
 * LISTEN) and the socket's inode; a process's {@code /proc/<pid>/fd/*} links read {@code socket:[<inode>]} for the
 * sockets it holds. Only what the JVM's user may read is found; elsewhere (no {@code /proc}) the answer says so.
 */
final class PortOwners {

    private static final String LISTEN = "0A";

    private PortOwners() {
    }

    /** E.g. {@code "pid 4242 listens on it (postgres -D /dev/shm/…)"}, {@code "no listener now"}. */
    static String describe(int port) {
        if (!Files.isDirectory(Path.of("/proc/net"))) {
            return "its listener is unknown (no /proc)";
        }
        List<String> inodes = Stream.of("/proc/net/tcp", "/proc/net/tcp6")
                .flatMap(table -> listeningInodes(Path.of(table), port).stream()).toList();
        if (inodes.isEmpty()) {
            return "no listener now";
        }
        return inodes.stream().map(inode -> owner(inode).map(pid -> "pid " + pid + " listens on it ("
                + commandLine(pid) + ")").orElse("a socket of another user listens on it (inode " + inode + ")"))
                .distinct().reduce((a, b) -> a + "; " + b).orElseThrow();
    }

    private static List<String> listeningInodes(Path table, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        try (Stream<String> lines = Files.lines(table)) {
            return lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                    .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)).map(f -> f[9])
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Optional<Long> owner(String inode) {
        String link = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holds(p, link)).map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holds(Path process, String link) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String commandLine(long pid) {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return line.length() > 120 ? line.substring(0, 120) + "…" : line;
        } catch (IOException | RuntimeException e) {
            return "command line unreadable";
        }
    }
}
