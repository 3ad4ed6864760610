package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;
import java.util.Map;

/**
 * An item of the emulated {@code materialize} database, in {@code public} unless it is a source, subsource or
 * progress collection put into another schema ({@link #schema()}): a secret, a connection, a source (including
 * subsources and progress collections), a view, a materialized view or an index. Items share one namespace and one id sequence ({@code u1}, {@code u2}…),
 * as in Materialize. Secrets carry no value here: the value stays inside {@link MzCatalog}.
 */
public sealed interface CatalogItem {
    /** Catalog id such as {@code u7}. */
    String id();

    /** Unqualified name. */
    String name();

    /** The schema of the {@code materialize} database the item lives in; {@code public} unless a subsource says otherwise. */
    default String schema() {
        return MzCatalog.PUBLIC_SCHEMA;
    }

    /**
     * The catalog's key for the item, unique across schemas: the bare name in {@code public}, {@code schema.name}
     * elsewhere. Also the name of a subsource's backing table ({@code schema.table} in a backing schema of the same
     * name).
     */
    default String key() {
        return MzCatalog.key(schema(), name());
    }

    /** The item type as Materialize words it in messages ({@code secret}, {@code connection}, {@code source}). */
    String typeName();

    /** A secret; its value is never part of this record. */
    record Secret(String id, long oid, String name) implements CatalogItem {
        @Override
        public String typeName() {
            return "secret";
        }
    }

    /**
     * A connection. {@code options} holds the non-secret option values by option name ({@code HOST}, {@code PORT},
     * …); {@code references} the names of the secrets and connections it uses (its dependencies).
     */
    record Connection(String id, long oid, String name, ConnectionKind kind, Map<String, String> options,
                      List<String> references) implements CatalogItem {
        /** Copies the collections. */
        public Connection {
            options = Map.copyOf(options);
            references = List.copyOf(references);
        }

        @Override
        public String typeName() {
            return "connection";
        }
    }

    /**
     * A source: the top-level PostgreSQL source ({@code kind} POSTGRES, with cluster, connection, publication and
     * slot), a table subsource (with its parent and upstream table) or the progress collection. {@code schema} is
     * the Materialize schema it lives in (a subsource may be put into another schema with
     * {@code FOR TABLES (t AS s.t)}; the others are in {@code public}).
     */
    record Source(String id, long oid, String name, SourceKind kind, String parentId, String clusterId,
                  String connectionId, String publication, String replicationSlot, String upstreamSchema,
                  String upstreamTable, String schema) implements CatalogItem {
        /** Null schema means {@code public}. */
        public Source {
            schema = schema == null ? MzCatalog.PUBLIC_SCHEMA : schema;
        }

        /** A source in {@code public}. */
        public Source(String id, long oid, String name, SourceKind kind, String parentId, String clusterId,
                      String connectionId, String publication, String replicationSlot, String upstreamSchema,
                      String upstreamTable) {
            this(id, oid, name, kind, parentId, clusterId, connectionId, publication, replicationSlot,
                    upstreamSchema, upstreamTable, MzCatalog.PUBLIC_SCHEMA);
        }

        @Override
        public String typeName() {
            return "source";
        }
    }

    /**
     * A view ({@code materialized} false) or materialized view (with its {@code clusterId}): {@code definition} is
     * the SELECT, {@code references} the names of the catalog items it reads (its dependencies).
     */
    record View(String id, long oid, String name, boolean materialized, String clusterId, String definition,
                List<String> references) implements CatalogItem {
        /** Copies the list. */
        public View {
            references = List.copyOf(references);
        }

        @Override
        public String typeName() {
            return materialized ? "materialized view" : "view";
        }
    }

    /** An index on the item with id {@code onId}, maintained in {@code clusterId}; {@code keys} as written. */
    record Index(String id, long oid, String name, String onId, String clusterId, List<String> keys)
            implements CatalogItem {
        /** Copies the list. */
        public Index {
            keys = List.copyOf(keys);
        }

        @Override
        public String typeName() {
            return "index";
        }
    }

    /** Connection types with their {@code mz_connections.type} values. */
    enum ConnectionKind {
        POSTGRES("postgres"), AWS_PRIVATELINK("aws-privatelink"), SSH_TUNNEL("ssh-tunnel");

        private final String catalogName;

        ConnectionKind(String catalogName) {
            this.catalogName = catalogName;
        }

        /** The {@code mz_connections.type} value (docs/materialize.md §2.3, §2.4). */
        public String catalogName() {
            return catalogName;
        }
    }

    /** Source kinds with their {@code mz_sources.type} values. */
    enum SourceKind {
        POSTGRES("postgres"), SUBSOURCE("subsource"), PROGRESS("progress");

        private final String catalogName;

        SourceKind(String catalogName) {
            this.catalogName = catalogName;
        }

        /** The {@code mz_sources.type} value. */
        public String catalogName() {
            return catalogName;
        }
    }
}
