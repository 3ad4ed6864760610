package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.ingest.PostgresSourceIngestion;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a forwarded statement fail the way a Materialize peek does when it reads a subsource whose ingestion hit a
 * definite error (upstream TRUNCATE, incompatible schema change, …): {@code Source error: source must be dropped
 * and recreated due to failure: <error>} (XX000, docs/materialize.md §4.3); a definite error of the whole source
 * (its publication dropped) reads
 * {@code Source error: failed during initialization, source must be dropped and recreated: <error>}.
 * Views and materialized views over such a subsource fail the same way, as their dataflows carry the error.
 *
 * <p>Limits: relations are recognised among the names the statement's text may mean ({@link RelationReferences},
 * schema-qualified), so a column named like an errored subsource also trips the check; transient source errors (stalled,
 * retried) do not fail reads.
 */
final class SourceErrorGuard {
    /** Source-wide errors Materialize treats as definite, of the initialization kind (docs/materialize.md §4.3). */
    private static final Pattern INITIALIZATION_ERROR = Pattern.compile("publication \".+\" does not exist"
            + "|replication slot has been invalidated.*|unsupported action: database restored.*");
    /** How long a read waits for the snapshot of the subsources it names. */
    static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(60);
    private final MzCatalog catalog;
    private final SourceManager sources;

    SourceErrorGuard(MzCatalog catalog, SourceManager sources) {
        this.catalog = catalog;
        this.sources = sources;
    }

    /**
     * Waits while {@code sql} names a subsource whose source is still taking its snapshot, as a Materialize read
     * waits until the data are readable (rather than failing on the not yet created backing table); at most
     * {@link #SNAPSHOT_WAIT}, after which the read runs and fails as it may.
     */
    void awaitSnapshots(String sql) {
        Set<String> identifiers = RelationReferences.in(sql);
        long deadline = System.nanoTime() + SNAPSHOT_WAIT.toNanos();
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s && s.kind() == SourceKind.SUBSOURCE && identifiers.contains(s.key())) {
                sources.ingestion(s.parentId()).ifPresent(ingestion -> ingestion.awaitStart(
                        Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            }
        }
    }

    /** Throws Materialize's source error if {@code sql} names an errored subsource or a view over one. */
    void check(String sql) throws SqlError {
        Map<String, MzException> errored = erroredRelations();
        if (errored.isEmpty()) {
            return;
        }
        for (String identifier : RelationReferences.in(sql)) {
            if (errored.containsKey(identifier)) {
                throw Errors.of(errored.get(identifier));
            }
        }
    }

    /** Relation key → its read error: errored subsources, then every view depending on one (transitively). */
    private Map<String, MzException> erroredRelations() {
        List<CatalogItem> items = catalog.items();
        Map<String, MzException> errored = new LinkedHashMap<>();
        for (CatalogItem item : items) {
            if (item instanceof Source s && s.kind() == SourceKind.SUBSOURCE) {
                readError(s).ifPresent(error -> errored.put(s.key(), error));
            }
        }
        Set<String> seen = new HashSet<>(errored.keySet());
        boolean grew = !errored.isEmpty();
        while (grew) {
            grew = false;
            for (CatalogItem item : items) {
                if (item instanceof CatalogItem.View v && !seen.contains(v.key())) {
                    for (String reference : v.references()) {
                        if (errored.containsKey(reference)) {
                            errored.put(v.key(), errored.get(reference));
                            seen.add(v.key());
                            grew = true;
                            break;
                        }
                    }
                }
            }
        }
        return errored;
    }

    /** The subsource's own definite error, else its source's definite initialization error, if any. */
    private Optional<MzException> readError(Source subsource) {
        Optional<PostgresSourceIngestion> ingestion = sources.ingestion(subsource.parentId());
        Optional<MzException> own = ingestion.flatMap(i -> i.tableError(subsource.key())).map(MzErrors::sourceError);
        if (own.isPresent()) {
            return own;
        }
        return ingestion.flatMap(i -> i.status().error()).map(e -> e.replaceFirst("^postgres: ", ""))
                .filter(e -> INITIALIZATION_ERROR.matcher(e).matches()).map(MzErrors::sourceInitializationError);
    }
}
