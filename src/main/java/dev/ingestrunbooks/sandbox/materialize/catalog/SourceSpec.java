package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;

/**
 * What {@code CREATE SOURCE … FROM POSTGRES} asks the catalog to create, after the emulator has resolved
 * the FOR clause against the upstream publication.
 *
 * @param name         source name
 * @param cluster      the cluster (from IN CLUSTER, else the session's cluster)
 * @param connection   the PostgreSQL connection's name
 * @param publication  the upstream publication
 * @param subsources   one entry per ingested table
 * @param progressName the progress collection's name ({@code <name>_progress} unless EXPOSE PROGRESS AS)
 * @param ifNotExists  whether an existing item of that name is a no-op
 * @param schema       the schema the source and its progress collection go into (null: {@code public})
 */
public record SourceSpec(String name, String cluster, String connection, String publication,
                         List<Subsource> subsources, String progressName, boolean ifNotExists, String schema) {
    /** Copies the list; null schema means {@code public}. */
    public SourceSpec {
        subsources = List.copyOf(subsources);
        schema = schema == null ? MzCatalog.PUBLIC_SCHEMA : schema;
    }

    /** A source in {@code public}. */
    public SourceSpec(String name, String cluster, String connection, String publication,
                      List<Subsource> subsources, String progressName, boolean ifNotExists) {
        this(name, cluster, connection, publication, subsources, progressName, ifNotExists, MzCatalog.PUBLIC_SCHEMA);
    }

    /** A subsource to create: its schema (null: {@code public}) and name, and the upstream table it ingests. */
    public record Subsource(String schema, String name, String upstreamSchema, String upstreamTable) {
        /** Null schema means {@code public}. */
        public Subsource {
            schema = schema == null ? MzCatalog.PUBLIC_SCHEMA : schema;
        }

        /** A subsource in {@code public}. */
        public Subsource(String name, String upstreamSchema, String upstreamTable) {
            this(MzCatalog.PUBLIC_SCHEMA, name, upstreamSchema, upstreamTable);
        }

        /** The catalog key ({@link CatalogItem#key()}) the subsource will have. */
        public String key() {
            return MzCatalog.key(schema, name);
        }
    }
}
