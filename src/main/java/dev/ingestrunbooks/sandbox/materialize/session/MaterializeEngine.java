package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlEngine;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkConfig;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
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
    /**
     * The backing function {@code pg_typeof} calls are sent to, returning Materialize's type names
     * ({@code docs/materialize.md} §7.2); the emulator creates it in the backing database at start.
     */
    public static final String TYPEOF_DEFINITION = MaterializeTypes.TYPEOF_DEFINITION;
    private static final Logger LOG = LoggerFactory.getLogger(MaterializeEngine.class);
    private final SqlEngine backingEngine;
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final StatementExecutor executor;
    private final CatalogTables catalogTables;
    private final SourceErrorGuard sourceErrors;
    private final CatalogStore store;
    private final PrivateLinkEndpoints privateLinks;
    /** The file in the state directory that keeps the generated environment id (external id prefix). */
    static final String ENVIRONMENT_ID_FILE = "environment-id";

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
        this(backingEngine, backing, egressAddress, stateDirectory, style, Optional.empty(),
                PrivateLinkConfig.defaults());
    }

    /**
     * As above, in an environment whose AWS PRIVATELINK connections get their VPC endpoints from
     * {@code privateLinkNetwork} (empty: no PrivateLink, docs/materialize.md §2.3) with the region facts of
     * {@code privateLink}. Without a fixed external id prefix the engine makes one and keeps it in the state
     * directory ({@value #ENVIRONMENT_ID_FILE}), so principals stay the same after a restart. On saved state every
     * PrivateLink connection's endpoint is requested again (an ensure) before the sources resume.
     */
    public MaterializeEngine(SqlEngine backingEngine, BackingDatabase backing, String egressAddress,
            Path stateDirectory, MzCatalog.SubsourceStyle style, Optional<PrivateLinkNetwork> privateLinkNetwork,
            PrivateLinkConfig privateLink) {
        this.backingEngine = backingEngine;
        this.store = stateDirectory == null ? null : new CatalogStore(stateDirectory);
        Optional<CatalogStore.Saved> saved = store == null ? Optional.empty() : store.load();
        this.catalog = saved.map(s -> MzCatalog.restore(style, s.catalog())).orElseGet(() -> new MzCatalog(style));
        this.privateLinks = new PrivateLinkEndpoints(privateLinkNetwork, privateLink,
                privateLink.externalIdPrefix().orElseGet(() -> environmentId(stateDirectory)));
        this.sources = new SourceManager(catalog, backing, egressAddress, privateLinks);
        saved.ifPresent(s -> s.connectionSecretOptions().forEach(sources.connections()::connectionCreated));
        if (saved.isPresent()) {
            privateLinks.resumed(catalog.items());
        }
        this.executor = new StatementExecutor(catalog, sources, privateLinks, this::save);
        this.catalogTables = new CatalogTables(catalog, sources, backing, egressAddress, privateLinks);
        this.sourceErrors = new SourceErrorGuard(catalog, sources);
    }

    /**
     * The environment's id, used as the external id prefix of PrivateLink principals: read from the state directory,
     * else a new random UUID (written there when there is a state directory).
     */
    private static String environmentId(Path stateDirectory) {
        if (stateDirectory == null) {
            return UUID.randomUUID().toString();
        }
        Path file = stateDirectory.resolve(ENVIRONMENT_ID_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the environment id in " + file, e);
        }
    }

    /** The environment's PrivateLink endpoints (principals, statuses), for inspection in tests. */
    public PrivateLinkEndpoints privateLinks() {
        return privateLinks;
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
                store.saveIfChanged(new CatalogStore.Saved(catalog.snapshot(),
                        sources.connections().connectionSecretOptions()));
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
        catalogTables.discardConnection();
    }
}
