package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Relation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One subsource while it is ingested: the upstream table as validated, its backing table, the LSN its snapshot is
 * consistent at (changes committed before it are already in the snapshot), its definite error once it has one,
 * and how the columns of the latest upstream Relation message map onto the ingested columns.
 *
 * <p>Compatibility (newest Materialize, docs/materialize.md §4.3): every ingested column must still exist with its
 * upstream attnum and its type (a TEXT COLUMNS column may change type); new columns are ignored. A Relation message
 * carries names and types but no attnums, so, as Materialize re-reads the table's description upstream when one
 * arrives, the attnums are read from the upstream catalog ({@link ColumnLookup}): a column dropped and re-added
 * under the same name and type shows only there. Errors use the newest wording,
 * {@code incompatible schema change on ns.t: …}.
 */
final class IngestTable {

    final UpstreamTable upstream;
    final TableMapping mapping;
    final Lsn snapshotLsn;
    final RowWriter writer;
    private volatile SourceStatus status = SourceStatus.RUNNING;
    /** For each ingested column, its position in the latest Relation message. */
    private int[] positions;
    /** The upstream catalog's current columns of a table, or null where the ingested attnums are not known. */
    private final ColumnLookup currentColumns;

    /** Reads a table's live columns (name, attnum, type) from the upstream catalog by its OID. */
    @FunctionalInterface
    interface ColumnLookup {
        List<UpstreamColumn> columns(int tableOid) throws SQLException;
    }

    /** As below, without the attnum check (the ingested columns' upstream attnums are not known). */
    IngestTable(UpstreamTable upstream, TableMapping mapping, Lsn snapshotLsn) {
        this(upstream, mapping, snapshotLsn, null);
    }

    /**
     * {@code upstream} as described upstream (or read back from the backing table with the stored upstream attnums);
     * TEXT COLUMNS become text; {@code currentColumns} (may be null) checks attnums on each Relation message.
     */
    IngestTable(UpstreamTable upstream, TableMapping mapping, Lsn snapshotLsn, ColumnLookup currentColumns) {
        this.upstream = new UpstreamTable(upstream.schema(), upstream.name(), upstream.oid(),
                mapping.ingestedColumns(upstream.columns()));
        this.mapping = mapping;
        this.snapshotLsn = snapshotLsn;
        this.currentColumns = currentColumns;
        this.writer = new RowWriter(mapping.quotedTarget(), this.upstream.columns());
    }

    SourceStatus status() {
        return status;
    }

    boolean failed() {
        return status.isError();
    }

    void fail(SourceStatus status) {
        this.status = status;
    }

    /**
     * Checks a Relation message against the ingested columns, in Materialize's order per column (gone, moved, type
     * changed); the error text when incompatible. Throws when the upstream catalog cannot be read (the stream then
     * restarts and the message comes again).
     */
    Optional<String> onRelation(Relation relation) throws SQLException {
        List<UpstreamColumn> columns = upstream.columns();
        java.util.Map<String, Integer> attnums = null;
        if (currentColumns != null) {
            attnums = new java.util.HashMap<>();
            for (UpstreamColumn now : currentColumns.columns(relation.relationId())) {
                attnums.put(now.name(), now.attnum());
            }
        }
        int[] found = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            UpstreamColumn column = columns.get(i);
            found[i] = -1;
            for (int j = 0; j < relation.columns().size(); j++) {
                if (relation.columns().get(j).name().equals(column.name())) {
                    found[i] = j;
                }
            }
            boolean gone = found[i] < 0 || attnums != null && !attnums.containsKey(column.name());
            String problem = gone ? "column \"" + column.name() + "\" was dropped or renamed upstream"
                    : attnums != null && !Integer.valueOf(column.attnum()).equals(attnums.get(column.name()))
                            ? "column \"" + column.name() + "\" changed position upstream (the column or table was"
                                    + " likely dropped and recreated)"
                    : !sameType(relation.columns().get(found[i]).typeOid(), column.typeOid())
                            && !mapping.textColumns().contains(column.name())
                            ? "the type of column \"" + column.name() + "\" changed upstream" : null;
            if (problem != null) {
                return Optional.of("incompatible schema change on " + upstream.qualifiedName() + ": " + problem);
            }
        }
        if (!relation.namespace().equals(upstream.schema()) || !relation.name().equals(upstream.name())) {
            return Optional.of("incompatible schema change on " + upstream.qualifiedName()
                    + ": table was renamed or moved upstream (it is now " + relation.qualifiedName() + " with oid "
                    + relation.relationId() + ")");
        }
        positions = found;
        return Optional.empty();
    }

    /**
     * Whether an upstream column still has the type it was ingested with: equal oids, or upstream {@code json} for a
     * {@code jsonb} replica column (read back from the backing table after a restart).
     */
    private static boolean sameType(int upstreamOid, int ingestedOid) {
        return upstreamOid == ingestedOid
                || upstreamOid == TableMapping.JSON_OID && ingestedOid == TableMapping.JSONB_OID;
    }

    /** The ingested columns' values picked out of a row image in Relation order. */
    <T> List<T> pick(List<T> relationRow) {
        if (positions == null) {
            throw new IllegalStateException("received replication event for " + upstream.qualifiedName()
                    + " before its Relation message");
        }
        List<T> picked = new ArrayList<>(positions.length);
        for (int position : positions) {
            picked.add(relationRow.get(position));
        }
        return picked;
    }
}
