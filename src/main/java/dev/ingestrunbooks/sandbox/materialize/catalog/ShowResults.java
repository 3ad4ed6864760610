package dev.ingestrunbooks.sandbox.materialize.catalog;

import static dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation.columns;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Index;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.View;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Secret;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The results of Materialize's SHOW commands with the newest column sets (docs/materialize.md §2.11), from one
 * {@link CatalogRelations} snapshot. {@code LIKE} and {@code WHERE} are left to the caller (the emulator
 * applies them on the backing database). {@code comment} is always NULL.
 */
public final class ShowResults {
    private final CatalogRelations snapshot;

    /** Results over {@code snapshot}. */
    public ShowResults(CatalogRelations snapshot) {
        this.snapshot = snapshot;
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** {@code SHOW SOURCES [IN CLUSTER c]} (the current schema, {@code public}). */
    public CatalogRelation sources(Optional<String> inCluster) {
        return sources(Optional.empty(), inCluster);
    }

    /**
     * {@code SHOW SOURCES [FROM schema] [IN CLUSTER c]}: {@code name, type, cluster, comment}; the sources (with
     * subsources and progress collections) of that schema, else of the current schema ({@code public}).
     */
    public CatalogRelation sources(Optional<String> fromSchema, Optional<String> inCluster) {
        String schema = schema(fromSchema);
        Optional<String> clusterId = inCluster.map(n -> cluster(n).id());
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof Source s && schema.equals(s.schema())
                    && clusterId.map(id -> id.equals(s.clusterId())).orElse(true)) {
                String cluster = s.clusterId() == null ? null : clusterName(s.clusterId());
                rows.add(row(s.name(), s.kind().catalogName(), cluster, null));
            }
        }
        return new CatalogRelation("SHOW SOURCES", columns("name text", "type text", "cluster text",
                "comment text"), rows);
    }

    /** {@code SHOW SUBSOURCES [ON src]}: {@code name, type} ({@code subsource} or {@code progress}). */
    public CatalogRelation subsources(Optional<String> on) {
        return subsources(on, Optional.empty());
    }

    /**
     * {@code SHOW SUBSOURCES [ON src] [FROM schema]}: {@code name, type}. With ON, the source's subsources in any
     * schema (only those of {@code schema} if FROM is given too); without, those of FROM's schema, else of the
     * current schema ({@code public}). {@code on} is a catalog key ({@code name} or {@code schema.name}).
     */
    public CatalogRelation subsources(Optional<String> on, Optional<String> fromSchema) {
        Optional<String> parentId = on.map(this::sourceId);
        Optional<String> schema = on.isPresent() && fromSchema.isEmpty() ? Optional.empty()
                : Optional.of(schema(fromSchema));
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof Source s && s.kind() != SourceKind.POSTGRES
                    && schema.map(s.schema()::equals).orElse(true)
                    && parentId.map(id -> id.equals(s.parentId())).orElse(true)) {
                rows.add(row(s.name(), s.kind().catalogName()));
            }
        }
        return new CatalogRelation("SHOW SUBSOURCES", columns("name text", "type text"), rows);
    }

    /** {@code SHOW CONNECTIONS}: {@code name, type, comment}. */
    public CatalogRelation connections() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof Connection c) {
                rows.add(row(c.name(), c.kind().catalogName(), null));
            }
        }
        return new CatalogRelation("SHOW CONNECTIONS", columns("name text", "type text", "comment text"), rows);
    }

    /** {@code SHOW SECRETS}: {@code name, comment}; never a value. */
    public CatalogRelation secrets() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof Secret s) {
                rows.add(row(s.name(), null));
            }
        }
        return new CatalogRelation("SHOW SECRETS", columns("name text", "comment text"), rows);
    }

    /** {@code SHOW CLUSTERS}: {@code name, replicas, comment}; replicas as {@code r1 (25cc)}. */
    public CatalogRelation clusters() {
        List<List<Object>> rows = new ArrayList<>();
        for (Cluster c : snapshot.clusters()) {
            String replicas = c.replicas().stream().map(r -> r.name() + " (" + r.size() + ")")
                    .collect(Collectors.joining(", "));
            rows.add(row(c.name(), replicas, null));
        }
        return new CatalogRelation("SHOW CLUSTERS", columns("name text", "replicas text", "comment text"), rows);
    }

    /** {@code SHOW CLUSTER REPLICAS}: {@code cluster, replica, size, ready, comment}. */
    public CatalogRelation clusterReplicas() {
        List<List<Object>> rows = new ArrayList<>();
        for (Cluster c : snapshot.clusters()) {
            for (Cluster.Replica r : c.replicas()) {
                rows.add(row(c.name(), r.name(), r.size(), true, null));
            }
        }
        return new CatalogRelation("SHOW CLUSTER REPLICAS", columns("cluster text", "replica text", "size text",
                "ready boolean", "comment text"), rows);
    }

    /** {@code SHOW VIEWS}: {@code name, comment}. */
    public CatalogRelation views() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof View v && !v.materialized()) {
                rows.add(row(v.name(), null));
            }
        }
        return new CatalogRelation("SHOW VIEWS", columns("name text", "comment text"), rows);
    }

    /** {@code SHOW MATERIALIZED VIEWS [IN CLUSTER c]}: {@code name, cluster, comment}. */
    public CatalogRelation materializedViews(Optional<String> inCluster) {
        Optional<String> clusterId = inCluster.map(n -> cluster(n).id());
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof View v && v.materialized() && clusterId.map(v.clusterId()::equals).orElse(true)) {
                rows.add(row(v.name(), clusterName(v.clusterId()), null));
            }
        }
        return new CatalogRelation("SHOW MATERIALIZED VIEWS", columns("name text", "cluster text", "comment text"),
                rows);
    }

    /** {@code SHOW INDEXES [ON x] [IN CLUSTER c]}: {@code name, on, cluster, key, comment}. */
    public CatalogRelation indexes(Optional<String> on, Optional<String> inCluster) {
        Optional<String> onId = on.map(n -> snapshot.items().stream().filter(i -> i.name().equals(n)).findFirst()
                .map(CatalogItem::id).orElseThrow(() -> MzErrors.unknownCatalogItem(n)));
        Optional<String> clusterId = inCluster.map(n -> cluster(n).id());
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : snapshot.items()) {
            if (item instanceof Index i && onId.map(i.onId()::equals).orElse(true)
                    && clusterId.map(i.clusterId()::equals).orElse(true)) {
                String onName = snapshot.items().stream().filter(o -> o.id().equals(i.onId()))
                        .map(CatalogItem::name).findFirst().orElse(i.onId());
                rows.add(row(i.name(), onName, clusterName(i.clusterId()), "{" + String.join(",", i.keys()) + "}",
                        null));
            }
        }
        return new CatalogRelation("SHOW INDEXES", columns("name text", "on text", "cluster text", "key text",
                "comment text"), rows);
    }

    private Cluster cluster(String name) {
        return snapshot.clusters().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> MzErrors.unknownCluster(name));
    }

    private String clusterName(String id) {
        return snapshot.clusters().stream().filter(c -> c.id().equals(id)).map(Cluster::name).findFirst()
                .orElse(null);
    }

    /** FROM's schema, which must exist, else the current schema {@code public}. */
    private String schema(Optional<String> fromSchema) {
        String schema = fromSchema.orElse(MzCatalog.PUBLIC_SCHEMA);
        if (snapshot.schemas().stream().noneMatch(s -> s.name().equals(schema))) {
            throw MzErrors.unknownSchema(schema);
        }
        return schema;
    }

    private String sourceId(String name) {
        return snapshot.items().stream().filter(i -> i.key().equals(name)).findFirst()
                .filter(i -> i instanceof Source).map(CatalogItem::id)
                .orElseThrow(() -> MzErrors.unknownCatalogItem(name));
    }
}
