package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clusters of one emulated region, keyed by name, with their own id sequences for clusters and replicas
 * (Materialize numbers clusters, replicas and items separately). Not thread-safe: {@link MzCatalog} guards it.
 *
 * <p>A resize replaces every replica with new ones of the new size that keep the names {@code r1…rN} (the guide
 * shows {@code r1 | 100cc} after {@code ALTER CLUSTER … SET (SIZE '100cc')}).
 */
final class ClusterRegistry {
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private int nextClusterId = 1;
    private int nextReplicaId = 1;

    Cluster create(String name, String size, int replicationFactor) {
        if (clusters.containsKey(name)) {
            throw MzErrors.clusterAlreadyExists(name);
        }
        ClusterSizes.require(size);
        Cluster cluster = new Cluster("u" + nextClusterId++, name, size, replicationFactor,
                replicas(size, replicationFactor));
        clusters.put(name, cluster);
        return cluster;
    }

    Cluster alter(String name, Optional<String> size, Optional<Integer> replicationFactor) {
        Cluster old = require(name);
        size.ifPresent(ClusterSizes::require);
        String newSize = size.orElse(old.size());
        int newFactor = replicationFactor.orElse(old.replicationFactor());
        List<Cluster.Replica> replicas = newSize.equals(old.size()) && newFactor == old.replicationFactor()
                ? old.replicas() : resized(old, newSize, newFactor);
        Cluster cluster = new Cluster(old.id(), name, newSize, newFactor, replicas);
        clusters.put(name, cluster);
        return cluster;
    }

    private List<Cluster.Replica> resized(Cluster old, String size, int factor) {
        if (size.equals(old.size())) {
            List<Cluster.Replica> kept = new ArrayList<>(old.replicas().subList(0,
                    Math.min(factor, old.replicas().size())));
            for (int i = kept.size(); i < factor; i++) {
                kept.add(new Cluster.Replica("u" + nextReplicaId++, "r" + (i + 1), size));
            }
            return kept;
        }
        return replicas(size, factor);
    }

    private List<Cluster.Replica> replicas(String size, int factor) {
        List<Cluster.Replica> replicas = new ArrayList<>();
        for (int i = 1; i <= factor; i++) {
            replicas.add(new Cluster.Replica("u" + nextReplicaId++, "r" + i, size));
        }
        return replicas;
    }

    Cluster require(String name) {
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw MzErrors.unknownCluster(name);
        }
        return cluster;
    }

    Optional<Cluster> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    Optional<Cluster> byId(String id) {
        return clusters.values().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    void remove(String name) {
        clusters.remove(name);
    }

    List<Cluster> all() {
        return List.copyOf(clusters.values());
    }

    int nextClusterId() {
        return nextClusterId;
    }

    int nextReplicaId() {
        return nextReplicaId;
    }

    /** Replaces every cluster and both id sequences (a restart on saved state). */
    void restore(List<Cluster> saved, int clusterId, int replicaId) {
        clusters.clear();
        saved.forEach(c -> clusters.put(c.name(), c));
        nextClusterId = clusterId;
        nextReplicaId = replicaId;
    }
}
