package dev.ingestrunbooks.sandbox.aws.rds;

/** The two kinds of RDS parameter group: a DB parameter group (per instance) or a DB cluster parameter group. */
public enum GroupKind {
    DB("DBParameterGroup"),
    CLUSTER("DBClusterParameterGroup");

    private final String shapeName;

    GroupKind(String shapeName) {
        this.shapeName = shapeName;
    }

    /** The model's shape name, also used in messages: {@code DBParameterGroup} or {@code DBClusterParameterGroup}. */
    public String shapeName() {
        return shapeName;
    }
}
