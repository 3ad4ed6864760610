package dev.ingestrunbooks.target.inventory;

import java.net.URI;
import java.util.Optional;

/**
 * One setup a compliance run checks: an RDS instance or an Aurora cluster replicating into a Materialize region,
 * as an inventory entry describes it (see {@code docs/inventory.md}).
 *
 * @param name        unique in the inventory; the report's section and the JSON summary's key
 * @param kind        rds or aurora
 * @param region      the AWS region
 * @param awsId       the DB instance identifier (rds) or DB cluster identifier (aurora)
 * @param awsEndpoint an AWS endpoint override (the sandbox's emulator), empty for AWS itself
 * @param upstream    how checks reach the database (the writer endpoint on Aurora)
 * @param materialize how checks reach Materialize
 * @param names       the objects the guide created, by name
 * @param thresholds  limits of the risk checks
 */
public record SetupSpec(String name, Kind kind, String region, String awsId, Optional<URI> awsEndpoint,
        Login upstream, Login materialize, Names names, Thresholds thresholds) {

    /** What kind of database the setup replicates from. */
    public enum Kind {
        RDS, AURORA;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A PostgreSQL-protocol login (the upstream database, or Materialize). */
    public record Login(String host, int port, String database, String user, SecretRef password) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port + "/" + database;
        }
    }

    /** The names of what the guide created; the defaults are the guide's. */
    public record Names(String source, String publication, String replicationUser, String connection) {
        public static final Names GUIDE = new Names("mz_source", "mz_source", "materialize", "pg_connection");
    }

    /**
     * @param slotLagBytes        WAL a source's slot may hold back before the lag check fails
     * @param transactionMinutes  age of an open upstream transaction at which the check fails
     * @param walSenderTimeoutMs  the lowest acceptable {@code wal_sender_timeout} (0, no timeout, is fine)
     */
    public record Thresholds(long slotLagBytes, long transactionMinutes, long walSenderTimeoutMs) {
        public static final Thresholds DEFAULTS = new Thresholds(1L << 30, 60, 60_000);
    }
}
