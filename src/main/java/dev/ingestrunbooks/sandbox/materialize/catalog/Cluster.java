package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;

/**
 * A managed cluster: its id ({@code u1} is {@code quickstart}), size, replication factor and replicas
 * ({@code r1}, {@code r2}, … each with its own replica id). Immutable; {@link MzCatalog} replaces it on ALTER.
 */
public record Cluster(String id, String name, String size, int replicationFactor, List<Replica> replicas) {
    /** Copies the replicas. */
    public Cluster {
        replicas = List.copyOf(replicas);
    }

    /** One replica of a cluster, e.g. {@code r1} of size {@code 100cc}. */
    public record Replica(String id, String name, String size) {
    }
}
