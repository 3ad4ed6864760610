package dev.ingestrunbooks.drivers.health;

/**
 * The outcome of one check on one setup. {@link #FAIL} is a finding; {@link #WARN} is a finding that does not make
 * the run unhealthy (the exit status stays 0); {@link #ERROR} means the check could not read what it needs.
 */
public enum CheckStatus {
    PASS, WARN, FAIL, ERROR;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
