package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;
import java.util.Map;

/**
 * Everything an {@link MzCatalog} holds, as immutable values: what a restarted emulator needs to come back with the
 * same items, ids, oids and clusters ({@link MzCatalog#snapshot()}, {@link MzCatalog#restore}). It carries the
 * secret values, so its {@link #toString()} masks them; whoever stores it must keep it private.
 *
 * @param items        in creation order
 * @param secretValues secret name to value, and SSH TUNNEL connection name to its encoded key pairs
 * @param counters     the next free id numbers, so new items never reuse a dropped item's id
 */
public record CatalogSnapshot(List<CatalogItem> items, Map<String, String> secretValues, List<Cluster> clusters,
        Counters counters, List<Schema> schemas) {

    /** Copies the collections. */
    public CatalogSnapshot {
        items = List.copyOf(items);
        secretValues = Map.copyOf(secretValues);
        clusters = List.copyOf(clusters);
        schemas = List.copyOf(schemas);
    }

    /** A snapshot without schemas besides {@code public} (state saved before schemas were kept). */
    public CatalogSnapshot(List<CatalogItem> items, Map<String, String> secretValues, List<Cluster> clusters,
            Counters counters) {
        this(items, secretValues, clusters, counters, List.of());
    }

    /** A schema of the {@code materialize} database made with CREATE SCHEMA ({@code public} is implicit). */
    public record Schema(String id, long oid, String name) {
    }

    /** Next item id ({@code u<n>}), next oid, next cluster id and next replica id. */
    public record Counters(int nextItemId, long nextOid, int nextClusterId, int nextReplicaId) {
    }

    @Override
    public String toString() {
        return "CatalogSnapshot[items=" + items + ", secretValues=" + secretValues.size() + " masked, clusters="
                + clusters + ", counters=" + counters + ", schemas=" + schemas + "]";
    }
}
