package dev.ingestrunbooks.drivers;

import software.amazon.awssdk.services.rds.model.DBCluster;

/** The Aurora guide's warnings about clusters that cannot, or should not, feed Materialize. */
public final class AuroraChecks {
    /** Aurora PostgreSQL versions with the logical-replication bug the guide warns about. */
    static final String BUGGY_VERSION = "16.1";

    private AuroraChecks() {
    }

    /** Aurora Serverless v1 (engine mode {@code serverless}) has no logical replication. */
    public static void supportsLogicalReplication(DBCluster cluster) {
        if ("serverless".equals(cluster.engineMode())) {
            throw new RunbookFailure(GuideStep.A1, "cluster " + cluster.dbClusterIdentifier()
                    + " is Aurora Serverless v1 (engine mode serverless), which does not support logical replication;"
                    + " move to Aurora Serverless v2 or a provisioned cluster");
        }
    }

    /** Aurora PostgreSQL 16.1 breaks Materialize's replication; 16.2 and later are fine. */
    public static void notAffectedByKnownBug(DBCluster cluster) {
        if (BUGGY_VERSION.equals(cluster.engineVersion())) {
            throw new RunbookFailure(GuideStep.A1, "cluster " + cluster.dbClusterIdentifier()
                    + " runs Aurora PostgreSQL 16.1, which has a logical replication bug (Materialize fails with"
                    + " \"could not map filenumber … to relation OID\"); upgrade to 16.2 or later");
        }
    }
}
