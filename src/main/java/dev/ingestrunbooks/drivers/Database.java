package dev.ingestrunbooks.drivers;


import java.util.Optional;

/**
 * A database a runbook acts on: an RDS DB instance, or an Aurora DB cluster (then {@code endpoint} is the cluster's
 * writer endpoint and {@code readerEndpoint} its reader endpoint).
 *
 * @param identifier    the DB instance or DB cluster identifier in AWS
 * @param aurora        whether this is an Aurora cluster
 * @param endpoint      where the admin connects (RDS instance endpoint, Aurora writer endpoint)
 * @param readerEndpoint the Aurora reader endpoint
 * @param adminUser     the master user
 * @param adminPassword the master password (registered as a secret; never printed)
 */
public record Database(String identifier, boolean aurora, PgEndpoint endpoint, Optional<PgEndpoint> readerEndpoint,
                       String adminUser, String adminPassword) {

    @Override
    public String toString() {
        return (aurora ? "Aurora cluster " : "RDS instance ") + identifier + " at " + endpoint;
    }
}
