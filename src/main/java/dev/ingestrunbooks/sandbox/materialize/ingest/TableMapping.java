package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One subsource: the upstream table ({@code schema.table}), the table in the backing database that holds its data
 * ({@code table} or {@code schema.table}; created by the ingestion with the upstream's column names and types), and
 * the columns ingested as {@code text} ({@code TEXT COLUMNS}: any upstream type, its text form, and a later change
 * of that column's type upstream is tolerated).
 */
public record TableMapping(String upstream, String target, Set<String> textColumns) {

    public TableMapping {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(target, "target");
        textColumns = Set.copyOf(textColumns);
        if (!upstream.contains(".")) {
            upstream = "public." + upstream;
        }
    }

    /** A subsource without TEXT COLUMNS. */
    public TableMapping(String upstream, String target) {
        this(upstream, target, Set.of());
    }

    /** {@code columns} with each TEXT COLUMNS column turned into {@code text} (name, position and NOT NULL kept). */
    List<UpstreamColumn> ingestedColumns(List<UpstreamColumn> columns) {
        return columns.stream().map(c -> textColumns.contains(c.name())
                ? new UpstreamColumn(c.name(), c.attnum(), TEXT_OID, -1, "text", c.notNull())
                : c.typeOid() == JSON_OID ? new UpstreamColumn(c.name(), c.attnum(), JSON_OID, c.typmod(), "jsonb",
                        c.notNull()) : c).toList();
    }

    static final int TEXT_OID = 25;
    /** Materialize ingests {@code json} as {@code jsonb} (docs/materialize.md §4.2): the backing column is jsonb. */
    static final int JSON_OID = 114;
    static final int JSONB_OID = 3802;

    /** The target name quoted for SQL, each dot-separated part on its own. */
    String quotedTarget() {
        int dot = target.indexOf('.');
        return dot < 0 ? Sql.ident(target) : Sql.ident(target.substring(0, dot)) + "." + Sql.ident(target.substring(dot + 1));
    }
}
