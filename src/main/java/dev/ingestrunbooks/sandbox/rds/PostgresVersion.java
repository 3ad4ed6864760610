package dev.ingestrunbooks.sandbox.rds;

/**
 * The PostgreSQL major version the sandbox must run: {@code -Drunbook.postgres.version} (default 16).
 * The binaries come from the Maven build ({@code postgres.binaries.version}); a mismatch is an error, not a
 * silent substitution, so a runbook never claims to have checked a version it did not run.
 */
public final class PostgresVersion {

    public static final String PROPERTY = "runbook.postgres.version";
    public static final int DEFAULT_MAJOR = 16;

    private PostgresVersion() {
    }

    public static int requestedMajor() {
        String value = System.getProperty(PROPERTY, String.valueOf(DEFAULT_MAJOR)).trim();
        try {
            return Integer.parseInt(value.contains(".") ? value.substring(0, value.indexOf('.')) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a PostgreSQL major version such as 16, not '"
                    + value + "'", e);
        }
    }

    /** Major version from {@code server_version_num} (e.g. 160015 → 16). */
    static int majorOf(int serverVersionNum) {
        return serverVersionNum / 10_000;
    }

    static IllegalStateException mismatch(int requested, String serverVersion) {
        return new IllegalStateException("PostgreSQL " + requested + " was requested (-D" + PROPERTY + "=" + requested
                + ") but the embedded binaries on the classpath are PostgreSQL " + serverVersion
                + ": select the Maven profile for PostgreSQL " + requested
                + " (it sets postgres.binaries.version) or run with -D" + PROPERTY + "=" + serverVersion.split("\\.")[0]);
    }
}
