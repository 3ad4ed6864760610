package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogProperties;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogSnapshot;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The emulator's catalog on disk: {@value #FILE} in its state directory, holding the whole catalog (items with
 * their ids and oids, clusters, id counters, secret values) and which connection options are secrets. It is the
 * emulator's own private store, like Materialize's catalog: secrets are in it in plain text, so the file is
 * owner-only ({@code 0600}) and never logged. Each save replaces the file atomically (write, fsync, rename), so a
 * crash leaves the previous or the new catalog, never half of one.
 *
 * <p>Limit: no migration between formats: a file of another {@value #FORMAT_KEY} is refused with a message.
 */
final class CatalogStore {

    static final String FILE = "catalog.properties";
    private static final String FORMAT_KEY = "format";
    private static final String FORMAT = "1";
    private static final String CATALOG_PREFIX = "catalog.";
    private static final String SECRET_OPTION_PREFIX = "secretOption.";

    /** What is saved: the catalog and, per connection, its secret-valued options (option → secret name). */
    record Saved(CatalogSnapshot catalog, Map<String, Map<String, String>> connectionSecretOptions) {
        Saved {
            connectionSecretOptions = Map.copyOf(connectionSecretOptions);
        }
    }

    private final Path file;
    private Saved lastSaved;

    CatalogStore(Path stateDirectory) {
        this.file = stateDirectory.resolve(FILE);
    }

    /** The saved state, or empty when nothing was saved yet (a new state directory). */
    synchronized Optional<Saved> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved catalog " + file, e);
        }
        if (!FORMAT.equals(p.getProperty(FORMAT_KEY))) {
            throw new IllegalStateException("the saved catalog " + file + " has format " + p.getProperty(FORMAT_KEY)
                    + ", this emulator reads format " + FORMAT + ": use a new state directory");
        }
        lastSaved = new Saved(CatalogProperties.read(p, CATALOG_PREFIX), secretOptions(p));
        return Optional.of(lastSaved);
    }

    /** Writes {@code state} unless it equals what was last saved or loaded. */
    synchronized void saveIfChanged(Saved state) {
        if (state.equals(lastSaved)) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(FORMAT_KEY, FORMAT);
        CatalogProperties.write(state.catalog(), CATALOG_PREFIX, p);
        state.connectionSecretOptions().forEach((connection, options) -> options.forEach((option, secret) ->
                p.setProperty(SECRET_OPTION_PREFIX + connection.length() + "." + connection + "." + option, secret)));
        try {
            Path temporary = Files.createTempFile(file.getParent(), "." + FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    p.store(w, "sandbox Materialize catalog: private, holds secret values");
                }
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the catalog to " + file, e);
        }
        lastSaved = state;
    }

    /** Keys are {@code secretOption.<length of connection name>.<connection>.<option>}: names may contain dots. */
    private static Map<String, Map<String, String>> secretOptions(Properties p) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(SECRET_OPTION_PREFIX)) {
                String rest = key.substring(SECRET_OPTION_PREFIX.length());
                int dot = rest.indexOf('.');
                int length = Integer.parseInt(rest.substring(0, dot));
                String connection = rest.substring(dot + 1, dot + 1 + length);
                String option = rest.substring(dot + 2 + length);
                result.computeIfAbsent(connection, c -> new LinkedHashMap<>()).put(option, p.getProperty(key));
            }
        }
        return result;
    }
}
