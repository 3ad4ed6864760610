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
import java.util.TreeMap;

/**
 * Rows of the catalog relations of {@code docs/materialize.md} §3 ({@code mz_sources}, {@code mz_connections},
 * {@code mz_secrets}, {@code mz_clusters}, {@code mz_cluster_replicas}, {@code mz_object_dependencies},
 * {@code mz_postgres_sources}, {@code mz_postgres_source_tables},
 * {@code mz_views}, {@code mz_materialized_views}, {@code mz_indexes}, {@code mz_objects})
 * built from one snapshot of an {@link MzCatalog}. SHOW results are in {@link ShowResults}.
 *
 * <p>Limits: only sources, subsources and progress collections may live outside {@code materialize.public}
 * (schema {@code u3}); every object is owned by {@code u1};
 * {@code create_sql} is reconstructed from the non-secret options only; secret values never appear.
 */
public final class CatalogRelations {
    /** The id of {@code materialize.public}. */
    public static final String PUBLIC_SCHEMA_ID = MzCatalog.PUBLIC_SCHEMA_ID;
    /**
     * The options under which an SSH TUNNEL connection keeps its public keys; newer Materialize writes them into the
     * connection's {@code create_sql} the same way ({@code PUBLIC KEY 1 = '…'}).
     */
    public static final String PUBLIC_KEY_1 = "PUBLIC KEY 1";
    /** See {@link #PUBLIC_KEY_1}. */
    public static final String PUBLIC_KEY_2 = "PUBLIC KEY 2";

    private final List<CatalogItem> items;
    private final List<Cluster> clusters;
    private final List<CatalogSnapshot.Schema> schemas;
    private final MzCatalog.SubsourceStyle style;

    /** Takes a snapshot of {@code catalog}. */
    public CatalogRelations(MzCatalog catalog) {
        synchronized (catalog) {
            this.items = catalog.items();
            this.clusters = catalog.clusters();
            this.schemas = catalog.schemas();
        }
        this.style = catalog.style();
    }

    /** The {@code materialize} database's schemas in this snapshot, {@code public} first. */
    List<CatalogSnapshot.Schema> schemas() {
        return schemas;
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** {@code mz_catalog.mz_sources}. */
    public CatalogRelation mzSources() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Source s) {
                rows.add(row(s.id(), s.oid(), schemaId(s), s.name(), s.kind().catalogName(), s.connectionId(),
                        null, s.kind() == SourceKind.POSTGRES ? "none" : null, null, null, s.clusterId(),
                        MzCatalog.OWNER_ID, "{u1=r/u1}", null, null));
            }
        }
        return new CatalogRelation("mz_catalog.mz_sources", columns("id text", "oid oid", "schema_id text",
                "name text", "type text", "connection_id text", "size text", "envelope_type text", "key_format text",
                "value_format text", "cluster_id text", "owner_id text", "privileges mz_aclitem[]",
                "create_sql text", "redacted_create_sql text"), rows);
    }

    /** {@code mz_catalog.mz_connections}. */
    public CatalogRelation mzConnections() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Connection c) {
                String sql = createSql(c);
                rows.add(row(c.id(), c.oid(), PUBLIC_SCHEMA_ID, c.name(), c.kind().catalogName(),
                        MzCatalog.OWNER_ID, "{u1=U/u1}", sql, sql));
            }
        }
        return new CatalogRelation("mz_catalog.mz_connections", columns("id text", "oid oid", "schema_id text",
                "name text", "type text", "owner_id text", "privileges mz_aclitem[]", "create_sql text",
                "redacted_create_sql text"), rows);
    }

    /**
     * {@code mz_catalog.mz_ssh_tunnel_connections}: each SSH TUNNEL connection's public keys ({@code public_key_1}
     * is the one Materialize authenticates with).
     */
    public CatalogRelation mzSshTunnelConnections() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Connection c && c.kind() == CatalogItem.ConnectionKind.SSH_TUNNEL
                    && c.options().containsKey(PUBLIC_KEY_1)) {
                rows.add(row(c.id(), c.options().get(PUBLIC_KEY_1), c.options().get(PUBLIC_KEY_2)));
            }
        }
        return new CatalogRelation("mz_catalog.mz_ssh_tunnel_connections",
                columns("id text", "public_key_1 text", "public_key_2 text"), rows);
    }

    private static String createSql(Connection c) {
        StringBuilder sql = new StringBuilder("CREATE CONNECTION \"materialize\".\"public\".\"" + c.name() + "\" TO "
                + c.kind().name().replace('_', ' ') + " (");
        List<String> parts = new ArrayList<>();
        new TreeMap<>(c.options()).forEach((k, v) -> parts.add(k + " = '" + v.replace("'", "''") + "'"));
        return sql.append(String.join(", ", parts)).append(')').toString();
    }

    /** {@code mz_catalog.mz_secrets} (names only, never values). */
    public CatalogRelation mzSecrets() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Secret s) {
                rows.add(row(s.id(), s.oid(), PUBLIC_SCHEMA_ID, s.name(), MzCatalog.OWNER_ID, "{u1=U/u1}"));
            }
        }
        return new CatalogRelation("mz_catalog.mz_secrets", columns("id text", "oid oid", "schema_id text",
                "name text", "owner_id text", "privileges mz_aclitem[]"), rows);
    }

    /** {@code mz_catalog.mz_clusters} (all managed). */
    public CatalogRelation mzClusters() {
        List<List<Object>> rows = new ArrayList<>();
        for (Cluster c : clusters) {
            rows.add(row(c.id(), c.name(), MzCatalog.OWNER_ID, "{u1=UC/u1}", true, c.size(), c.replicationFactor(),
                    true, null, false, "00:00:01"));
        }
        return new CatalogRelation("mz_catalog.mz_clusters", columns("id text", "name text", "owner_id text",
                "privileges mz_aclitem[]", "managed boolean", "size text", "replication_factor uint4",
                "disk boolean", "availability_zones text list", "introspection_debugging boolean",
                "introspection_interval interval"), rows);
    }

    /** {@code mz_catalog.mz_cluster_replicas}. */
    public CatalogRelation mzClusterReplicas() {
        List<List<Object>> rows = new ArrayList<>();
        for (Cluster c : clusters) {
            for (Cluster.Replica r : c.replicas()) {
                rows.add(row(r.id(), r.name(), c.id(), r.size(), null, MzCatalog.OWNER_ID, true));
            }
        }
        return new CatalogRelation("mz_catalog.mz_cluster_replicas", columns("id text", "name text",
                "cluster_id text", "size text", "availability_zone text", "owner_id text", "disk boolean"), rows);
    }

    /**
     * {@code mz_internal.mz_object_dependencies}: connections on their secrets and connections, sources on their
     * connection, and between a source and its subsources in the direction of the imitated version
     * (docs/materialize.md §1.5).
     */
    public CatalogRelation mzObjectDependencies() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Connection c) {
                c.references().forEach(ref -> idOf(ref).ifPresent(id -> rows.add(row(c.id(), id))));
            } else if (item instanceof View v) {
                v.references().forEach(ref -> idOf(ref).ifPresent(id -> rows.add(row(v.id(), id))));
            } else if (item instanceof Index i) {
                rows.add(row(i.id(), i.onId()));
            } else if (item instanceof Source s && s.kind() == SourceKind.POSTGRES) {
                rows.add(row(s.id(), s.connectionId()));
            } else if (item instanceof Source s) {
                boolean parentFirst = style == MzCatalog.SubsourceStyle.ALTER_SOURCE
                        && s.kind() == SourceKind.SUBSOURCE;
                rows.add(parentFirst ? row(s.parentId(), s.id()) : row(s.id(), s.parentId()));
            }
        }
        return new CatalogRelation("mz_internal.mz_object_dependencies",
                columns("object_id text", "referenced_object_id text"), rows);
    }

    /** {@code mz_catalog.mz_views}. */
    public CatalogRelation mzViews() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof View v && !v.materialized()) {
                String sql = "CREATE VIEW \"materialize\".\"public\".\"" + v.name() + "\" AS " + v.definition();
                rows.add(row(v.id(), v.oid(), PUBLIC_SCHEMA_ID, v.name(), v.definition(), MzCatalog.OWNER_ID,
                        "{u1=r/u1}", sql, sql));
            }
        }
        return new CatalogRelation("mz_catalog.mz_views", columns("id text", "oid oid", "schema_id text",
                "name text", "definition text", "owner_id text", "privileges mz_aclitem[]", "create_sql text",
                "redacted_create_sql text"), rows);
    }

    /** {@code mz_catalog.mz_materialized_views}. */
    public CatalogRelation mzMaterializedViews() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof View v && v.materialized()) {
                String sql = "CREATE MATERIALIZED VIEW \"materialize\".\"public\".\"" + v.name() + "\" IN CLUSTER \""
                        + clusterName(v.clusterId()) + "\" AS " + v.definition();
                rows.add(row(v.id(), v.oid(), PUBLIC_SCHEMA_ID, v.name(), v.clusterId(), v.definition(),
                        MzCatalog.OWNER_ID, "{u1=r/u1}", sql, sql));
            }
        }
        return new CatalogRelation("mz_catalog.mz_materialized_views", columns("id text", "oid oid",
                "schema_id text", "name text", "cluster_id text", "definition text", "owner_id text",
                "privileges mz_aclitem[]", "create_sql text", "redacted_create_sql text"), rows);
    }

    /** {@code mz_catalog.mz_indexes}. */
    public CatalogRelation mzIndexes() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Index i) {
                String on = items.stream().filter(o -> o.id().equals(i.onId())).map(CatalogItem::name).findFirst()
                        .orElse(i.onId());
                String sql = "CREATE INDEX \"" + i.name() + "\" IN CLUSTER \"" + clusterName(i.clusterId())
                        + "\" ON \"materialize\".\"public\".\"" + on + "\" (" + String.join(", ", i.keys()) + ")";
                rows.add(row(i.id(), i.oid(), i.name(), i.onId(), i.clusterId(), MzCatalog.OWNER_ID, sql, sql));
            }
        }
        return new CatalogRelation("mz_catalog.mz_indexes", columns("id text", "oid oid", "name text",
                "on_id text", "cluster_id text", "owner_id text", "create_sql text", "redacted_create_sql text"), rows);
    }

    /**
     * {@code mz_catalog.mz_objects}: every item with its {@code type} ({@code source}, {@code connection},
     * {@code secret}, {@code view}, {@code materialized-view}, {@code index}) and cluster where it runs.
     */
    public CatalogRelation mzObjects() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            rows.add(row(item.id(), oid(item), schemaId(item), item.name(), objectType(item), MzCatalog.OWNER_ID,
                    clusterId(item), "{u1=r/u1}"));
        }
        return new CatalogRelation("mz_catalog.mz_objects", columns("id text", "oid oid", "schema_id text",
                "name text", "type text", "owner_id text", "cluster_id text", "privileges mz_aclitem[]"), rows);
    }

    /**
     * {@code mz_catalog.mz_schemas}: the {@code materialize} database's schemas ({@code public} and those made with
     * CREATE SCHEMA); the system schemas are not listed.
     */
    public CatalogRelation mzSchemas() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogSnapshot.Schema schema : schemas) {
            rows.add(row(schema.id(), schema.oid(), "u1", schema.name(), MzCatalog.OWNER_ID, "{u1=UC/u1}"));
        }
        return new CatalogRelation("mz_catalog.mz_schemas", columns("id text", "oid oid", "database_id text",
                "name text", "owner_id text", "privileges mz_aclitem[]"), rows);
    }

    /** The id of the schema {@code item} lives in. */
    private String schemaId(CatalogItem item) {
        return schemas.stream().filter(s -> s.name().equals(item.schema())).map(CatalogSnapshot.Schema::id)
                .findFirst().orElse(PUBLIC_SCHEMA_ID);
    }

    private static String objectType(CatalogItem item) {
        return item instanceof View v && v.materialized() ? "materialized-view" : item.typeName();
    }

    private static long oid(CatalogItem item) {
        if (item instanceof Source s) {
            return s.oid();
        } else if (item instanceof Connection c) {
            return c.oid();
        } else if (item instanceof Secret s) {
            return s.oid();
        } else if (item instanceof View v) {
            return v.oid();
        }
        return ((Index) item).oid();
    }

    private static String clusterId(CatalogItem item) {
        if (item instanceof Source s) {
            return s.clusterId();
        } else if (item instanceof View v) {
            return v.clusterId();
        }
        return item instanceof Index i ? i.clusterId() : null;
    }

    private String clusterName(String id) {
        return clusters.stream().filter(c -> c.id().equals(id)).map(Cluster::name).findFirst().orElse(id);
    }

    /** {@code mz_internal.mz_postgres_sources}. */
    public CatalogRelation mzPostgresSources() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Source s && s.kind() == SourceKind.POSTGRES) {
                rows.add(row(s.id(), s.replicationSlot(), null));
            }
        }
        return new CatalogRelation("mz_internal.mz_postgres_sources", columns("id text", "replication_slot text",
                "timeline_id uint8"), rows);
    }

    /** {@code mz_internal.mz_postgres_source_tables}: the upstream table of each subsource. */
    public CatalogRelation mzPostgresSourceTables() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : items) {
            if (item instanceof Source s && s.upstreamTable() != null) {
                rows.add(row(s.id(), s.upstreamSchema(), s.upstreamTable()));
            }
        }
        return new CatalogRelation("mz_internal.mz_postgres_source_tables", columns("id text", "schema_name text",
                "table_name text"), rows);
    }

    /** The id of the item with this catalog key ({@link MzCatalog#key}; the bare name in {@code public}). */
    private java.util.Optional<String> idOf(String key) {
        return items.stream().filter(i -> i.key().equals(key)).map(CatalogItem::id).findFirst();
    }

    List<CatalogItem> items() {
        return items;
    }

    List<Cluster> clusters() {
        return clusters;
    }
}
