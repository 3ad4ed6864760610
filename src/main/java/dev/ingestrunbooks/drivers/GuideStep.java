package dev.ingestrunbooks.drivers;

/**
 * The sections of Materialize's "Ingest data from Amazon RDS / Aurora" guides. Failures name the one that fixes them.
 */
public enum GuideStep {
    A1("A1", "enable logical replication"),
    A2("A2", "create a publication and a replication user"),
    B("B", "configure network security"),
    C1("C1", "create a cluster"),
    C2("C2", "start ingesting data"),
    C3("C3", "monitor the ingestion status"),
    C4("C4", "right-size the cluster"),
    D("D", "explore your data"),
    /** The guide's closing "Considerations" (schema changes, truncation, publication membership, slots). */
    CONSIDERATIONS("Considerations", "schema changes, truncation and replication slots");

    private final String id;
    private final String title;

    GuideStep(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** "A1", or "Considerations": also the feature tag of the section ({@code @A1}, {@code @Considerations}). */
    public String id() {
        return id;
    }

    /** "A1 enable logical replication". */
    public String title() {
        return this == CONSIDERATIONS ? id : id + " " + title;
    }

    /** "step A1 (enable logical replication)". */
    public String reference() {
        return this == CONSIDERATIONS ? "what the guide's Considerations say (" + title + ")"
                : "step " + id + " (" + title + ")";
    }
}
