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
    D("D", "explore your data");

    private final String id;
    private final String title;

    GuideStep(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** "A1 enable logical replication". */
    public String title() {
        return id + " " + title;
    }

    /** "step A1 (enable logical replication)". */
    public String reference() {
        return "step " + id + " (" + title + ")";
    }
}
