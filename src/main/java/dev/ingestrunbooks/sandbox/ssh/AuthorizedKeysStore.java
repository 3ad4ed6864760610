package dev.ingestrunbooks.sandbox.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * The bastion's users and their {@code ~/.ssh/authorized_keys}: real files under a private temporary directory
 * ({@code <root>/<user>/.ssh/authorized_keys}; directories 0700, files 0600), so that MINA's
 * {@link AuthorizedKeysAuthenticator} reads them as sshd reads a home directory. MINA re-reads a file when its size
 * or modification time changes; after each edit made here the watcher is also reset, so that a replacement of the
 * same size within one timestamp tick cannot be missed. Edits go through this class only (the restricted shell),
 * under one lock.
 *
 * <p>Only public keys are meant to be stored; contents are never logged, and errors name the user, not the line.
 */
final class AuthorizedKeysStore implements AutoCloseable {

    static final String FILE = ".ssh/authorized_keys";
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private final Path root;
    private final Map<String, AuthorizedKeysAuthenticator> users = new ConcurrentHashMap<>();

    AuthorizedKeysStore() {
        try {
            root = Files.createTempDirectory("sandbox-bastion-", dirMode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bastion's home directories", e);
        }
    }

    Path root() {
        return root;
    }

    /** Creates {@code user} with {@code initialKey} (one OpenSSH public-key line) as its only authorized key. */
    synchronized void addUser(String user, String initialKey) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("not a Linux user name: " + user);
        }
        if (users.containsKey(user)) {
            throw new IllegalArgumentException("user " + user + " already exists on the bastion");
        }
        requirePublicKeyLine(user, initialKey);
        Path ssh = root.resolve(user).resolve(".ssh");
        try {
            Files.createDirectory(ssh.getParent(), dirMode());
            Files.createDirectory(ssh, dirMode());
            Path file = ssh.resolve("authorized_keys");
            Files.createFile(file, fileMode());
            Files.writeString(file, initialKey.strip() + "\n", StandardCharsets.UTF_8);
            users.put(user, new AuthorizedKeysAuthenticator(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the home directory of " + user, e);
        }
    }

    private static FileAttribute<?> dirMode() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }

    private static FileAttribute<?> fileMode() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /** Fails, without echoing the line, unless it parses as an OpenSSH public key. */
    static void requirePublicKeyLine(String user, String line) {
        String problem = null;
        if (line == null || line.isBlank() || line.contains("PRIVATE KEY")) {
            problem = "is not an OpenSSH public-key line";
        } else {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
                if (entry == null || entry.resolvePublicKey(null, Map.of(), null) == null) {
                    problem = "is not an OpenSSH public-key line";
                }
            } catch (Exception e) {
                problem = "is not a usable OpenSSH public key (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("the authorized key given for " + user + " " + problem);
        }
    }

    boolean hasUser(String user) {
        return users.containsKey(user);
    }

    Path file(String user) {
        if (!users.containsKey(user)) {
            throw new IllegalArgumentException("no user " + user + " on the bastion");
        }
        return root.resolve(user).resolve(FILE);
    }

    /** Public-key authentication: the key must be listed in the user's file as it is now. */
    boolean authenticate(String user, PublicKey key, ServerSession session) {
        AuthorizedKeysAuthenticator authenticator = users.get(user);
        return authenticator != null && authenticator.authenticate(user, key, session);
    }

    /** The file's content; empty if it does not exist. */
    synchronized String read(String user) {
        Path file = file(user);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authorized keys of " + user, e);
        }
    }

    /** The non-blank, non-comment lines of the file, stripped. */
    List<String> keys(String user) {
        return read(user).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /**
     * Appends {@code data} as {@code cat >>} would, except that it starts on a new line if the file does not end
     * with one and ends with a newline, so that a key sent without one cannot run into the next.
     */
    synchronized void append(String user, byte[] data) throws IOException {
        Path file = file(user);
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            ensureExists(file);
            changed(user);
            return;
        }
        StringBuilder out = new StringBuilder();
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            out.append('\n');
        }
        out.append(text);
        if (!text.endsWith("\n")) {
            out.append('\n');
        }
        ensureExists(file);
        Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        changed(user);
    }

    /** Replaces the file's content ({@code >}); a newline is added at the end if missing. */
    synchronized void overwrite(String user, byte[] data) throws IOException {
        Path file = file(user);
        String text = new String(data, StandardCharsets.UTF_8);
        ensureExists(file);
        Files.writeString(file, text.isEmpty() || text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        changed(user);
    }

    /** {@code touch}: creates the file (0600) if it is missing. */
    synchronized void touch(String user) throws IOException {
        ensureExists(file(user));
        changed(user);
    }

    /** Makes the next authentication re-read the file whatever its timestamp says. */
    private void changed(String user) {
        users.get(user).resetReloadAttributes();
    }

    private static void ensureExists(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, fileMode());
        }
    }

    /** Deletes the whole directory tree. Idempotent. */
    @Override
    public synchronized void close() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the bastion's home directories", e);
        }
    }
}
