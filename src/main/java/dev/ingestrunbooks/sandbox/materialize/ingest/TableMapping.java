package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.Objects;

/**
 * One subsource: the upstream table ({@code schema.table}) and the table in the backing database that holds its
 * data ({@code table} or {@code schema.table}; created by the ingestion with the upstream's column names and types).
 */
public record TableMapping(String upstream, String target) {

    public TableMapping {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(target, "target");
        if (!upstream.contains(".")) {
            upstream = "public." + upstream;
        }
    }

    /** The target name quoted for SQL, each dot-separated part on its own. */
    String quotedTarget() {
        int dot = target.indexOf('.');
        return dot < 0 ? Sql.ident(target) : Sql.ident(target.substring(0, dot)) + "." + Sql.ident(target.substring(dot + 1));
    }
}
