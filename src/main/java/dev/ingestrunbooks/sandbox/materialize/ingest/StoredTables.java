package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.ProgressStore.TableRow;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a resumed source's subsources from their progress rows, without asking the upstream: each table's
 * ingested columns are read back from its backing table and numbered with the stored upstream attnums, so the attnum
 * check goes on (state written before the attnums were kept has none: that table is resumed without the check), and
 * a stored error fails the table again with its stored kind ({@link TableRow#failure()}).
 */
final class StoredTables {

    private StoredTables() {
    }

    /** The source's subsources as stored, each consistent from its snapshot LSN. */
    static List<IngestTable> restore(Connection c, ProgressStore progress, IngestTable.ColumnLookup columnLookup)
            throws SQLException {
        List<IngestTable> restored = new ArrayList<>();
        for (TableRow t : progress.tables(c)) {
            restored.add(restore(c, t, columnLookup));
        }
        return restored;
    }

    private static IngestTable restore(Connection c, TableRow t, IngestTable.ColumnLookup columnLookup)
            throws SQLException {
        int dot = t.upstream().indexOf('.');
        List<UpstreamColumn> columns = PublicationCatalog.columnsOf(c, t.mapping().quotedTarget());
        boolean attnumsKnown = t.upstreamAttnums() != null && t.upstreamAttnums().size() == columns.size();
        if (attnumsKnown) {
            List<UpstreamColumn> upstreamNumbered = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                UpstreamColumn col = columns.get(i);
                upstreamNumbered.add(new UpstreamColumn(col.name(), t.upstreamAttnums().get(i), col.typeOid(),
                        col.typmod(), col.typeName(), col.notNull()));
            }
            columns = upstreamNumbered;
        }
        UpstreamTable table = new UpstreamTable(t.upstream().substring(0, dot), t.upstream().substring(dot + 1),
                t.upstreamOid(), columns);
        IngestTable ingest = new IngestTable(table, t.mapping(), t.snapshotLsn(), attnumsKnown ? columnLookup : null);
        t.failure().ifPresent(ingest::fail);
        return ingest;
    }
}
