package dev.ingestrunbooks.sandbox.materialize.sql;

/**
 * A table of the upstream publication ({@code pg_publication_tables}), as the emulator reads it before planning
 * a source.
 *
 * @param schema upstream schema
 * @param name   upstream table name
 */
public record UpstreamTable(String schema, String name) {
    /** {@code schema.name}. */
    public String qualified() {
        return schema + "." + name;
    }
}
