package dev.ingestrunbooks.sandbox.materialize.sql;

/**
 * The name of a table of the upstream publication ({@code pg_publication_tables}), as the planner reads it before
 * planning a source; the ingestion's description of the table (OID, columns) is {@code ingest.UpstreamTable}.
 *
 * @param schema upstream schema
 * @param name   upstream table name
 */
public record PublishedTable(String schema, String name) {
    /** {@code schema.name}. */
    public String qualified() {
        return schema + "." + name;
    }
}
