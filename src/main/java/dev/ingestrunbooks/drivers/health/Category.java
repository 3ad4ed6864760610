package dev.ingestrunbooks.drivers.health;

/** What kind of problem a check result is: the report's categories, and the JSON summary's {@code category}. */
public enum Category {
    /** The setup differs from what the guide leaves (a parameter, a grant, a publication). */
    MISCONFIGURATION("Misconfiguration"),
    /** Nothing is broken yet, but the setup is exposed (WAL retention, orphaned slots, long transactions, lag). */
    RISK("Risk"),
    /** The check could not read what it needs (a host down, a password refused, a permission missing). */
    UNREACHABLE("Unreachable"),
    /** The check itself failed in a way no setup explains: a defect of this tool. */
    HARNESS_DEFECT("Harness defect");

    private final String title;

    Category(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
