package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlEngine;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession;
import java.util.Map;

/**
 * The sandbox Materialize as a {@link SqlEngine}: one catalog and one set of running sources shared by all
 * sessions; each session wraps a session of the backing engine (plain SQL on the backing PostgreSQL).
 */
public final class MaterializeEngine implements SqlEngine, AutoCloseable {
    /** The egress address when none is configured. */
    public static final String DEFAULT_EGRESS_ADDRESS = "127.0.0.1";
    private final SqlEngine backingEngine;
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final StatementExecutor executor;
    private final CatalogTables catalogTables;
    private final SourceErrorGuard sourceErrors;

    /**
     * @param backingEngine opens the backing PostgreSQL sessions that plain SQL is forwarded to
     * @param backing       connections to the backing database that holds the subsource tables
     */
    public MaterializeEngine(SqlEngine backingEngine, BackingDatabase backing) {
        this(backingEngine, backing, DEFAULT_EGRESS_ADDRESS);
    }

    /**
     * @param backingEngine opens the backing PostgreSQL sessions that plain SQL is forwarded to
     * @param backing       connections to the backing database that holds the subsource tables
     * @param egressAddress the local address every upstream connection binds to, reported by {@code mz_egress_ips}
     */
    public MaterializeEngine(SqlEngine backingEngine, BackingDatabase backing, String egressAddress) {
        this.backingEngine = backingEngine;
        this.catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);
        this.sources = new SourceManager(catalog, backing, egressAddress);
        this.executor = new StatementExecutor(catalog, sources);
        this.catalogTables = new CatalogTables(catalog, sources, backing, egressAddress);
        this.sourceErrors = new SourceErrorGuard(catalog, sources);
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
