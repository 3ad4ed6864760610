package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.PostgresSourceIngestion;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceStatistics;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The relations whose rows come from the running ingestions rather than the catalog:
 * {@code mz_internal.mz_source_statuses} (docs/materialize.md §5 rules: progress collections always {@code running}, a
 * subsource shows its own definite error or else its parent's row), {@code mz_internal.mz_source_statistics} and the
 * slot names of {@code mz_internal.mz_postgres_sources}.
 *
 * <p>Limits: {@code last_status_change_at} and {@code details} are NULL; statistics are kept per source, so a
 * subsource row carries its parent's {@code snapshot_committed} and zero counters; {@code rehydration_latency}
 * is NULL.
 */
final class LiveRelations {
    private final MzCatalog catalog;
    private final SourceManager sources;

    LiveRelations(MzCatalog catalog, SourceManager sources) {
        this.catalog = catalog;
        this.sources = sources;
    }

    /** {@code mz_internal.mz_source_statuses}. */
    CatalogRelation statuses() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s) {
                SourceStatus status = status(s);
                rows.add(Arrays.asList(s.id(), s.name(), s.kind().catalogName(), null, status.status(),
                        status.error().orElse(null), null));
            }
        }
        return new CatalogRelation("mz_internal.mz_source_statuses", columns("id text", "name text", "type text",
                "last_status_change_at timestamptz", "status text", "error text", "details jsonb"), rows);
    }

    /** {@code mz_internal.mz_source_statistics}. */
    CatalogRelation statistics() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s && s.kind() != SourceKind.PROGRESS) {
                boolean parent = s.kind() == SourceKind.POSTGRES;
                Optional<SourceStatistics> stats = ingestion(s).map(PostgresSourceIngestion::statistics);
                boolean committed = stats.map(SourceStatistics::snapshotCommitted).orElse(false);
                if (parent && stats.isPresent()) {
                    SourceStatistics st = stats.get();
                    rows.add(Arrays.asList(s.id(), null, st.messagesReceived(), st.bytesReceived(),
                            st.updatesStaged(), st.updatesCommitted(), st.updatesCommitted(), 0L, null,
                            st.snapshotRecords(), st.snapshotRecords(), committed, st.offsetKnown().value(),
                            st.offsetCommitted().value()));
                } else {
                    rows.add(Arrays.asList(s.id(), null, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L, committed, 0L, 0L));
                }
            }
        }
        return new CatalogRelation("mz_internal.mz_source_statistics", columns("id text", "replica_id text",
                "messages_received uint8", "bytes_received uint8", "updates_staged uint8", "updates_committed uint8",
                "records_indexed uint8", "bytes_indexed uint8", "rehydration_latency interval",
                "snapshot_records_known uint8", "snapshot_records_staged uint8", "snapshot_committed boolean",
                "offset_known uint8", "offset_committed uint8"), rows);
    }

    /** {@code mz_internal.mz_postgres_sources} with the slot names the ingestions really use upstream. */
    CatalogRelation postgresSources(CatalogRelation fromCatalog) {
        int slotColumn = fromCatalog.columnNames().indexOf("replication_slot");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : fromCatalog.rows()) {
            List<Object> copy = new ArrayList<>(row);
            sources.ingestion(String.valueOf(row.get(0))).map(PostgresSourceIngestion::slotName)
                    .ifPresent(slot -> copy.set(slotColumn, slot));
            rows.add(copy);
        }
        return new CatalogRelation(fromCatalog.name(), fromCatalog.columns(), rows);
    }

    private Optional<PostgresSourceIngestion> ingestion(Source s) {
        return sources.ingestion(s.kind() == SourceKind.POSTGRES ? s.id() : s.parentId());
    }

    private SourceStatus status(Source s) {
        return switch (s.kind()) {
            case PROGRESS -> SourceStatus.RUNNING;
            case POSTGRES -> sources.status(s.id()).orElse(SourceStatus.STARTING);
            case SUBSOURCE -> sources.ingestion(s.parentId()).map(i -> {
                try {
                    return i.tableStatus(s.key());
                } catch (IllegalArgumentException e) {
                    return i.status();
                }
            }).orElse(SourceStatus.STARTING);
        };
    }

    private static List<CatalogRelation.Column> columns(String... specs) {
        return Arrays.stream(specs).map(spec -> new CatalogRelation.Column(spec.substring(0, spec.indexOf(' ')),
                spec.substring(spec.indexOf(' ') + 1))).toList();
    }
}
