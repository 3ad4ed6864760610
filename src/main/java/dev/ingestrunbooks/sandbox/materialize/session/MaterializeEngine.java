package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlEngine;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox Materialize as a {@link SqlEngine}: one catalog and one set of running sources shared by all
 * sessions; each session wraps a session of the backing engine (plain SQL on the backing PostgreSQL). With a state
 * directory the catalog survives a restart ({@link CatalogStore}) and the sources resume where they stopped.
 */
public final class MaterializeEngine implements SqlEngine, AutoCloseable {
    /** The egress address when none is configured. */
    public static final String DEFAULT_EGRESS_ADDRESS = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(MaterializeEngine.class);
    private final SqlEngine backingEngine;
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final StatementExecutor executor;
    private final CatalogTables catalogTables;
    private final SourceErrorGuard sourceErrors;
    private final CatalogStore store;

    /**
     * @param backingEngine  opens the backing PostgreSQL sessions that plain SQL is forwarded to
     * @param backing        connections to the backing database that holds the subsource tables
     * @param stateDirectory where the catalog is saved after every statement and loaded from at construction
     *                       ({@link CatalogStore}); null keeps it in memory only. After loading, call
     *                       {@link #resumeSources()}.
     */
    /** An engine whose catalog lives in memory only, connecting upstream from the default egress address. */
    public MaterializeEngine(SqlEngine backingEngine, BackingDatabase backing) {
        this(backingEngine, backing, DEFAULT_EGRESS_ADDRESS, null, MzCatalog.SubsourceStyle.DROP_SOURCE);
    }

    /**
     * @param backingEngine  opens the backing PostgreSQL sessions that plain SQL is forwarded to
     * @param backing        connections to the backing database that holds the subsource tables
     * @param egressAddress  the local address every upstream connection binds to, reported by {@code mz_egress_ips}
     * @param stateDirectory where the catalog is saved and restored from, or null to keep it in memory only
     * @param style          how subsources are dropped, as in the imitated version
     */
    public MaterializeEngine(SqlEngine backingEngine, BackingDatabase backing, String egressAddress,
            Path stateDirectory, MzCatalog.SubsourceStyle style) {
        this.backingEngine = backingEngine;
        this.store = stateDirectory == null ? null : new CatalogStore(stateDirectory);
        Optional<CatalogStore.Saved> saved = store == null ? Optional.empty() : store.load();
        this.catalog = saved.map(s -> MzCatalog.restore(style, s.catalog())).orElseGet(() -> new MzCatalog(style));
        this.sources = new SourceManager(catalog, backing, egressAddress);
        saved.ifPresent(s -> s.connectionSecretOptions().forEach(sources::connectionCreated));
        this.executor = new StatementExecutor(catalog, sources, this::save);
        this.catalogTables = new CatalogTables(catalog, sources, backing, egressAddress);
        this.sourceErrors = new SourceErrorGuard(catalog, sources);
    }

    /**
     * Restarts the ingestion of every source of a loaded catalog from its stored progress (its slot's confirmed
     * position), in the background; returns how many.
     */
    public int resumeSources() {
        return sources.resumeAll();
    }

    /**
     * Saves the catalog if it changed; one at a time, so a later snapshot never loses to an earlier one. A failed
     * save is logged (the statement has taken effect in memory) and retried after the next statement.
     */
    private synchronized void save() {
        if (store != null) {
            try {
                store.saveIfChanged(new CatalogStore.Saved(catalog.snapshot(), sources.connectionSecretOptions()));
            } catch (UncheckedIOException e) {
                LOG.error("the catalog was not saved, a restart would lose the last change: {}", e.getMessage());
            }
        }
    }

    /**
     * The kind of every Materialize statement (not plain SQL) run so far, e.g. {@code CreateSource} or {@code Show},
     * in order: lets a test prove that a run changed nothing.
     */
    public java.util.List<String> materializeStatements() {
        return executor.executed();
    }

    /** The shared catalog. */
    public MzCatalog catalog() {
        return catalog;
    }

    @Override
    public SqlSession open(String user, String database, Map<String, String> startup) throws SqlError {
        return new MaterializeSession(backingEngine.open(user, database, startup), executor,
                catalogTables, sourceErrors);
    }

    /** Stops every running ingestion (replication slots and ingested data stay). */
    @Override
    public void close() {
        sources.close();
    }
}
