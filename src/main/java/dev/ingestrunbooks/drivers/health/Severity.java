package dev.ingestrunbooks.drivers.health;

/**
 * How bad a failed check is. {@link #allureLabel()} is the Allure severity it is reported as (Allure's scale has
 * blocker, critical, normal, minor and trivial; "major" is its "normal").
 */
public enum Severity {
    /** Ingestion is broken or will break soon, or data can be lost (e.g. logical replication off, slot lost). */
    CRITICAL("critical"),
    /** The setup works now but a routine event will break it (a missing grant, a parameter not applied yet). */
    MAJOR("normal"),
    /** A risk or deviation from the guide that does not stop ingestion (no WAL limit for slots). */
    MINOR("minor");

    private final String allureLabel;

    Severity(String allureLabel) {
        this.allureLabel = allureLabel;
    }

    public String allureLabel() {
        return allureLabel;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
