package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.ProgressStore.SourceRow;
import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Materialize PostgreSQL source of the sandbox: ingests upstream tables of a publication into tables of a
 * backing PostgreSQL database. The first start creates the slot ({@code materialize_<uuid>}), loads a consistent
 * snapshot (see {@link TableSnapshot}) and records the consistent point, all in one backing transaction; then a
 * {@link ReplicationStreamer} applies each upstream transaction atomically with its progress. A later start for the
 * same source id resumes from the stored LSN without a new snapshot. Validation is separate ({@link SourceValidator}).
 *
 * <p>Usage: {@code builder("u1").upstream(e).publication("mz_source").backing(db).table("public.t", "t").start()};
 * then {@link #status()}, {@link #tableStatus}, {@link #statistics()}, {@link #addTable}, {@link #close()} (stop;
 * slot and data stay) or {@link #drop()} (stop, drop the slot, forget the progress; backing tables stay for the
 * caller to drop).
 *
 * <p>Limits: TEXT COLUMNS are ingested as {@code text} (see {@link TableMapping}), but EXCLUDE COLUMNS is not
 * implemented; one streaming thread per source; see {@code docs/materialize.md} §4 and §5 for the emulated texts.
 */
public final class PostgresSourceIngestion implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceIngestion.class);

    private final String sourceId;
    private final UpstreamEndpoint upstream;
    /** Reads tables' live columns upstream on Relation messages (the attnum check), over one kept connection. */
    private final UpstreamColumnLookup columnLookup;
    private final String publication;
    private final BackingDatabase backing;
    private final ProgressStore progress;
    private final ApplyGrouping grouping;
    private final Map<Integer, IngestTable> tables = new ConcurrentHashMap<>();
    private final StatisticsCounters stats = new StatisticsCounters();
    private final TableSnapshot snapshots;
    private volatile SourceStatus status = SourceStatus.STARTING;
    /** Completed when the start (snapshot, or resume) has finished, successfully or not. */
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private String slot;
    private ReplicationStreamer streamer;
    private boolean closed;

    private PostgresSourceIngestion(Builder b) {
        this.sourceId = Objects.requireNonNull(b.sourceId);
        this.upstream = Objects.requireNonNull(b.upstream, "upstream");
        this.columnLookup = new UpstreamColumnLookup(upstream);
        this.publication = Objects.requireNonNull(b.publication, "publication");
        this.backing = Objects.requireNonNull(b.backing, "backing");
        this.progress = new ProgressStore(sourceId);
        this.grouping = b.grouping;
        this.snapshots = new TableSnapshot(sourceId, upstream, publication, backing, progress, columnLookup, stats);
    }

    public static Builder builder(String sourceId) {
        return new Builder(sourceId);
    }

    private synchronized PostgresSourceIngestion start(List<TableMapping> mappings) throws SQLException {
        ensureOpen();
        Optional<SourceRow> stored;
        try (Connection c = backing.open()) {
            ProgressStore.createSchema(c);
            stored = progress.load(c);
            if (stored.isPresent()) {
                resume(c, stored.get());
            }
        }
        List<TableMapping> fresh = mappings.stream().filter(m -> tables.values().stream()
                .noneMatch(t -> t.mapping.target().equals(m.target()))).toList();
        if (stored.isEmpty()) {
            snapshotNewSource(fresh);
            fresh = List.of();
        }
        startStreaming(stats.snapshot().offsetCommitted());
        for (TableMapping mapping : fresh) {
            addTable(mapping);
        }
        return this;
    }

    private void resume(Connection c, SourceRow row) throws SQLException {
        slot = row.slot();
        StoredTables.restore(c, progress, columnLookup).forEach(t -> tables.put(t.upstream.oid(), t));
        stats.resumedAt(row.committed());
        LOG.info("source {} resumes slot {} at {}", sourceId, slot, row.committed());
    }

    private void snapshotNewSource(List<TableMapping> mappings) throws SQLException {
        List<IngestTable> described = PublicationCatalog.describe(upstream, publication, mappings);
        String newSlot = SlotNames.mainSlot();
        List<IngestTable> loaded = snapshots.ofNewSource(newSlot, described);
        slot = newSlot;
        loaded.forEach(t -> tables.put(t.upstream.oid(), t));
    }

    /**
     * Adds a subsource to the running source (ALTER SOURCE … ADD SUBSOURCE): pauses streaming, snapshots the table
     * through a temporary slot, and resumes streaming; the table's changes before its snapshot point are skipped.
     */
    public synchronized void addTable(TableMapping mapping) throws SQLException {
        ensureOpen();
        if (streamer == null) {
            throw new IllegalStateException("source " + sourceId + " did not start: " + status.error().orElse(""));
        }
        IngestTable described = PublicationCatalog.describe(upstream, publication, List.of(mapping)).get(0);
        Lsn resumeAt = streamer.stop();
        try {
            IngestTable loaded = snapshots.ofAddedTable(described);
            tables.put(loaded.upstream.oid(), loaded);
        } finally {
            startStreaming(resumeAt);
        }
    }

    /**
     * Removes a subsource from the running source (DROP SOURCE of a subsource): pauses streaming, forgets the table
     * and its progress row, and resumes streaming; later changes of the upstream table are ignored. The backing
     * table stays for the caller to drop. Unknown targets are ignored.
     */
    public synchronized void removeTable(String target) throws SQLException {
        ensureOpen();
        Optional<Integer> oid = tables.entrySet().stream().filter(e -> e.getValue().mapping.target().equals(target))
                .map(Map.Entry::getKey).findFirst();
        if (oid.isEmpty()) {
            return;
        }
        Lsn resumeAt = streamer == null ? null : streamer.stop();
        try (Connection c = backing.open()) {
            tables.remove(oid.get());
            progress.deleteTable(c, target);
        } finally {
            if (resumeAt != null) {
                startStreaming(resumeAt);
            }
        }
    }

    /**
     * The definite error of a subsource (e.g. {@code table was truncated}, {@code incompatible schema change on …}),
     * without the status namespace, or empty while it is healthy or unknown.
     */
    public Optional<String> tableError(String target) {
        return tables.values().stream().filter(t -> t.mapping.target().equals(target) && t.failed()).findFirst()
                .flatMap(t -> t.status().error()).map(e -> e.replaceFirst("^postgres: ", ""));
    }

    private void startStreaming(Lsn from) {
        columnLookup.warmUp();
        streamer = new ReplicationStreamer(sourceId, upstream, slot, publication, backing, progress, tables, stats,
                s -> status = s, from, grouping);
        streamer.start();
    }

    /**
     * Waits up to {@code timeout} until the start has finished: the snapshot is committed (or the source resumed),
     * or the start failed ({@link #status()} says why). Returns whether it finished.
     */
    public boolean awaitStart(Duration timeout) {
        try {
            return startFinished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The source's row in {@code mz_source_statuses}. */
    public SourceStatus status() {
        return status;
    }

    /**
     * A subsource's row: its own definite error if it has one, else the parent's status (a subsource shows its
     * parent's row when the parent is stalled, docs/materialize.md §5).
     */
    public SourceStatus tableStatus(String target) {
        return tables.values().stream().filter(t -> t.mapping.target().equals(target)).findFirst()
                .map(t -> t.failed() ? t.status() : status)
                .orElseThrow(() -> new IllegalArgumentException("no subsource " + target));
    }

    public SourceStatistics statistics() {
        return stats.snapshot();
    }

    /** The upstream replication slot ({@code mz_internal.mz_postgres_sources.replication_slot}). */
    public synchronized String slotName() {
        return slot;
    }

    /**
     * A SELECT over the backing database giving the source's committed upstream LSN as a number in one column named
     * {@code column}: the snapshot's consistent point, then the end LSN of each upstream transaction once it is
     * committed (what the progress collection shows); no row before the snapshot has committed.
     */
    public String committedLsnQuery(String column) {
        return "SELECT (committed_lsn - '0/0'::pg_lsn) AS " + Sql.ident(column) + " FROM " + ProgressStore.SOURCES
                + " WHERE source_id = " + Sql.literal(sourceId);
    }

    public String sourceId() {
        return sourceId;
    }

    /** Stops streaming and closes all connections; the slot and the ingested data stay. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (streamer != null) {
                streamer.stop();
            }
            columnLookup.close();
        }
    }

    /** DROP SOURCE: stops streaming, drops the slot upstream and deletes the progress rows. */
    public synchronized void drop() throws SQLException {
        close();
        if (slot != null) {
            UpstreamSlots.drop(upstream, slot);
        }
        try (Connection c = backing.open()) {
            progress.delete(c);
        }
        status = SourceStatus.DROPPED;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("source " + sourceId + " is closed");
        }
    }

    /** Configuration of an ingestion; {@link #start()} creates or resumes it. */
    public static final class Builder {
        private final String sourceId;
        private UpstreamEndpoint upstream;
        private String publication;
        private BackingDatabase backing;
        private final List<TableMapping> tables = new ArrayList<>();
        private ApplyGrouping grouping = ApplyGrouping.standard();

        private Builder(String sourceId) {
            this.sourceId = sourceId;
        }

        public Builder upstream(UpstreamEndpoint endpoint) {
            this.upstream = endpoint;
            return this;
        }

        public Builder publication(String name) {
            this.publication = name;
            return this;
        }

        public Builder backing(BackingDatabase database) {
            this.backing = database;
            return this;
        }

        /** How the apply batches upstream transactions (default {@link ApplyGrouping#standard()}). */
        public Builder grouping(ApplyGrouping applyGrouping) {
            this.grouping = Objects.requireNonNull(applyGrouping, "grouping");
            return this;
        }

        /** Ingests {@code upstream} ({@code schema.table}) into backing table {@code target}. */
        public Builder table(String upstreamTable, String target) {
            return table(new TableMapping(upstreamTable, target));
        }

        /** Ingests a subsource, with its TEXT COLUMNS. */
        public Builder table(TableMapping mapping) {
            tables.add(mapping);
            return this;
        }

        /** Snapshots and streams (first start) or resumes (a source id with stored progress). */
        public PostgresSourceIngestion start() throws SQLException {
            PostgresSourceIngestion ingestion = new PostgresSourceIngestion(this);
            try {
                return ingestion.start(List.copyOf(tables));
            } catch (SQLException | RuntimeException e) {
                ingestion.close();
                throw e;
            } finally {
                ingestion.startFinished.countDown();
            }
        }

        /**
         * Returns at once with status {@code starting} (as CREATE SOURCE returns before the snapshot is done) and
         * snapshots or resumes on a background thread; a failure there shows as status {@code stalled} with the
         * error, and is not retried.
         */
        public PostgresSourceIngestion startInBackground() {
            PostgresSourceIngestion ingestion = new PostgresSourceIngestion(this);
            List<TableMapping> mappings = List.copyOf(tables);
            Thread starter = new Thread(() -> {
                try {
                    ingestion.start(mappings);
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("source {} did not start: {}", ingestion.sourceId, e.toString());
                    ingestion.status = SourceStatus.stalled(e);
                } finally {
                    ingestion.startFinished.countDown();
                }
            }, "mz-start-" + sourceId);
            starter.setDaemon(true);
            starter.start();
            return ingestion;
        }
    }
}
