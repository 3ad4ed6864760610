package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the initial snapshot of subsources into the backing database: for the tables of a new source through its
 * main slot, which is kept for streaming ({@link #ofNewSource}), or for a table added later through a temporary slot
 * ({@link #ofAddedTable}). Either way the backing tables are created, their progress rows written (and for a new
 * source its own row, at the consistent point) and the rows copied (see {@link SnapshotTaker}) in one backing
 * transaction; the result is the tables ready to stream, whose changes up to the consistent point are skipped.
 */
final class TableSnapshot {

    /** The ingestion's logger: the snapshot lines stand with the source's others. */
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceIngestion.class);

    private final String sourceId;
    private final UpstreamEndpoint upstream;
    private final String publication;
    private final BackingDatabase backing;
    private final ProgressStore progress;
    private final IngestTable.ColumnLookup columnLookup;
    private final StatisticsCounters stats;

    TableSnapshot(String sourceId, UpstreamEndpoint upstream, String publication, BackingDatabase backing,
                  ProgressStore progress, IngestTable.ColumnLookup columnLookup, StatisticsCounters stats) {
        this.sourceId = sourceId;
        this.upstream = upstream;
        this.publication = publication;
        this.backing = backing;
        this.progress = progress;
        this.columnLookup = columnLookup;
        this.stats = stats;
    }

    /**
     * The first snapshot of a new source: creates {@code slot}, which stays for streaming, and records the source's
     * progress row with the tables'; on failure the slot is dropped again and nothing is committed.
     * {@code described} are the tables as {@link PublicationCatalog#describe} gives them.
     */
    List<IngestTable> ofNewSource(String slot, List<IngestTable> described) throws SQLException {
        return load(slot, described, true);
    }

    /**
     * The snapshot of a table added to a running source (its streaming paused): through a temporary slot, dropped
     * when its connection ends; only the table's progress row is written.
     */
    IngestTable ofAddedTable(IngestTable described) throws SQLException {
        return load(SlotNames.snapshotSlot(), List.of(described), false).get(0);
    }

    /** A new source's snapshot keeps its slot (dropped on failure) and writes the source row; an added table's not. */
    private List<IngestTable> load(String slot, List<IngestTable> described, boolean newSource) throws SQLException {
        long started = System.nanoTime();
        long[] rows = new long[1];
        Lsn point;
        try {
            point = SnapshotTaker.withSnapshot(upstream, slot, !newSource, (snapshot, consistentPoint) -> {
                try (Connection c = backing.open()) {
                    c.setAutoCommit(false);
                    for (IngestTable table : described) {
                        table.writer.createTable(c);
                        progress.insertTable(c, table.upstream, table.mapping, consistentPoint);
                    }
                    rows[0] = SnapshotTaker.copy(snapshot, c, described);
                    if (newSource) {
                        progress.insertSource(c, slot, publication, consistentPoint);
                    }
                    c.commit();
                }
            });
        } catch (SQLException | RuntimeException e) {
            if (newSource) {
                UpstreamSlots.drop(upstream, slot);
            }
            throw e;
        }
        stats.snapshotCommitted(rows[0]);
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        LOG.info("source {} snapshot: {} rows in {} ms ({} rows/s), consistent at {}", sourceId, rows[0],
                Math.round(seconds * 1000), Math.round(rows[0] / seconds), point);
        return described.stream().map(t -> new IngestTable(t.upstream, t.mapping, point, columnLookup)).toList();
    }
}
