package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.ingest.PostgresSourceIngestion;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceStatus;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidationError;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidator;
import dev.ingestrunbooks.sandbox.materialize.ingest.TableMapping;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamEndpoint;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.AlterSourceAddSubsource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateSource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ForClause;
import dev.ingestrunbooks.sandbox.materialize.sql.SourcePlanner;
import dev.ingestrunbooks.sandbox.materialize.sql.PublishedTable;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The running PostgreSQL sources of the emulator: CREATE SOURCE (validate upstream, plan, record in the catalog,
 * start the ingestion in the background into backing tables named like the subsources), ALTER SOURCE … ADD
 * SUBSOURCE, and the clean-up of dropped items (stop the ingestion, drop its slot upstream and its backing tables;
 * a dropped subsource leaves its running source). Each ingestion reaches its upstream through the endpoint
 * {@link ConnectionEndpoints} makes of the source's connection (egress address, SSH tunnel or PrivateLink).
 *
 * <p>Subsources are backed by tables of the backing database named like them; the schemas, progress views and
 * drops of those relations are {@link SourceBackingObjects}'s.
 *
 * <p>Limits: FOR SCHEMAS validates the whole publication; EXCLUDE COLUMNS is not applied (TEXT COLUMNS are: those
 * columns are ingested as text); the source itself and its progress collection live in {@code public}.
 */
final class SourceManager implements AutoCloseable {
    private final MzCatalog catalog;
    private final BackingDatabase backing;
    private final Map<String, PostgresSourceIngestion> ingestions = new ConcurrentHashMap<>();
    private final ConnectionEndpoints connections;
    private final SourceBackingObjects backingObjects;

    /**
     * {@code egressAddress}: the local address upstream connections bind to ({@code mz_egress_ips});
     * {@code privateLinks}: the environment's PrivateLink endpoints.
     */
    SourceManager(MzCatalog catalog, BackingDatabase backing, String egressAddress,
            PrivateLinkEndpoints privateLinks) {
        this.catalog = catalog;
        this.backing = backing;
        this.connections = new ConnectionEndpoints(catalog, egressAddress, privateLinks, ingestions::containsKey);
        this.backingObjects = new SourceBackingObjects(catalog, backing, ingestions::get);
    }

    /** The connections' upstream endpoints, secrets and SSH tunnels (VALIDATE CONNECTION, saving secrets). */
    ConnectionEndpoints connections() {
        return connections;
    }

    /** The backing database's schemas and progress views that belong to sources (CREATE/DROP SCHEMA, reads). */
    SourceBackingObjects backingObjects() {
        return backingObjects;
    }

    /** CREATE SOURCE … FROM POSTGRES CONNECTION …; {@code sessionCluster} is used without IN CLUSTER. */
    void create(CreateSource statement, String sessionCluster) throws SqlError {
        String sourceSchema = SourcePlanner.schemaOf(statement.name());
        if (sourceSchema != null && !catalog.schemaExists(sourceSchema)) {
            throw Errors.of(MzErrors.unknownSchema(sourceSchema));
        }
        if (statement.ifNotExists() && catalog.find(key(statement.name())).isPresent()) {
            return;
        }
        Connection connection = catalog.connection(statement.connection().item());
        if (connection.kind() != ConnectionKind.POSTGRES) {
            throw MzErrors.notPostgresConnection("materialize.public." + connection.name());
        }
        String publication = statement.publication().orElseThrow(MzErrors::publicationRequired);
        checkSubsourceSchemas(statement.forClause());
        UpstreamEndpoint endpoint = connections.endpoint(connection);
        boolean started = false;
        try {
            List<PublishedTable> tables = validate(endpoint, publication, references(statement.forClause()),
                    statement.textColumns());
            SourcePlanner.PlannedSource planned = new SourcePlanner(endpoint.database(), tables)
                    .plan(statement, sessionCluster, true);
            Optional<Source> created = catalog.createSource(planned.spec());
            if (created.isPresent()) {
                List<Source> parts = new java.util.ArrayList<>(catalog.subsourcesOf(created.get().id()));
                parts.add(created.get());
                backingObjects.ensureSchemas(parts);
                start(created.get(), endpoint, planned.textColumns());
                started = true;
            }
        } finally {
            if (!started) {
                // the validation may have opened a tunnel that no source will use
                connections.closeIdleTunnels();
            }
        }
    }

    /**
     * Starts (first time) or resumes (stored progress, which also holds the TEXT COLUMNS) the ingestion of a source,
     * in the background; {@code textColumns} are {@code schema.table.column}.
     */
    private void start(Source source, UpstreamEndpoint endpoint, List<String> textColumns) {
        PostgresSourceIngestion.Builder builder = PostgresSourceIngestion.builder(source.id()).upstream(endpoint)
                .publication(source.publication()).backing(backing);
        for (Source sub : catalog.subsourcesOf(source.id())) {
            builder.table(mapping(sub, textColumns));
        }
        ingestions.put(source.id(), builder.startInBackground());
    }

    /** A subsource's mapping with those of {@code textColumns} ({@code schema.table.column}) that are its own. */
    private static TableMapping mapping(Source sub, List<String> textColumns) {
        String upstream = sub.upstreamSchema() + "." + sub.upstreamTable();
        Set<String> own = textColumns.stream().filter(c -> c.startsWith(upstream + ".") )
                .map(c -> c.substring(upstream.length() + 1)).collect(Collectors.toSet());
        return new TableMapping(upstream, sub.key(), own);
    }

    /**
     * ALTER SOURCE … ADD SUBSOURCE|TABLE: validates the tables upstream as CREATE SOURCE does, records the
     * subsources, then snapshots each into its backing table before streaming it (the statement returns once the
     * snapshots are committed). A failed snapshot removes the new subsources again.
     */
    void addSubsources(AlterSourceAddSubsource statement) throws SqlError {
        String name = key(statement.source());
        Optional<CatalogItem> item = catalog.find(name);
        if (item.isEmpty() && statement.ifExists()) {
            return;
        }
        if (!(item.orElseThrow(() -> MzErrors.unknownCatalogItem(name)) instanceof Source source)
                || source.kind() != SourceKind.POSTGRES) {
            throw Errors.of(MzErrors.wrongItemType("materialize.public." + name, "POSTGRES source"));
        }
        Connection connection = (Connection) catalog.byId(source.connectionId()).orElseThrow();
        UpstreamEndpoint endpoint = connections.endpoint(connection);
        List<PublishedTable> tables = validate(endpoint, source.publication(), statement.tables().stream()
                .map(t -> String.join(".", t.upstream().parts())).toList(), statement.textColumns());
        SourcePlanner.PlannedAdd planned = new SourcePlanner(endpoint.database(), tables)
                .planAdd(statement, source.publication(), source.schema());
        List<Source> added = catalog.addSubsources(name, planned.subsources());
        PostgresSourceIngestion ingestion = ingestions.get(source.id());
        try {
            backingObjects.ensureSchemas(added);
            if (ingestion == null) {
                throw new IllegalStateException("source " + name + " is not running");
            }
            for (Source sub : added) {
                ingestion.addTable(mapping(sub, planned.textColumns()));
            }
        } catch (SQLException | SqlError | RuntimeException e) {
            dropped(catalog.drop(MzCatalog.ItemType.SOURCE, added.stream().map(Source::key).toList(), true, true));
            throw SqlError.internal("adding subsources to " + name + ": " + e.getMessage());
        }
    }

    private static List<PublishedTable> validate(UpstreamEndpoint endpoint, String publication,
            List<String> references, List<String> textColumns) throws SqlError {
        try {
            return SourceValidator.validate(endpoint, publication, references, textColumns).stream()
                    .map(t -> new PublishedTable(t.schema(), t.name())).distinct().toList();
        } catch (SourceValidationError e) {
            throw Errors.of(e);
        }
    }

    /**
     * After a restart on saved state: resumes every PostgreSQL source of the catalog from its stored progress (its
     * slot's confirmed position; no new snapshot). Returns how many were resumed.
     */
    int resumeAll() {
        int resumed = 0;
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s && s.kind() == SourceKind.POSTGRES && !ingestions.containsKey(s.id())) {
                Connection connection = (Connection) catalog.byId(s.connectionId()).orElseThrow();
                start(s, connections.endpoint(connection), List.of());
                resumed++;
            }
        }
        return resumed;
    }

    /** The live status of a source (by catalog id), if it has a running ingestion. */
    Optional<SourceStatus> status(String sourceId) {
        return Optional.ofNullable(ingestions.get(sourceId)).map(PostgresSourceIngestion::status);
    }

    /** The ingestion of a source (by catalog id), if any. */
    Optional<PostgresSourceIngestion> ingestion(String sourceId) {
        return Optional.ofNullable(ingestions.get(sourceId));
    }

    /**
     * Cleans up after a DROP: drops the backing views of dropped views, stops ingestions and drops their slots,
     * takes dropped subsources out of their still running sources, then drops the subsources' tables.
     */
    void dropped(List<CatalogItem> items) throws SqlError {
        backingObjects.dropViews(items);
        for (CatalogItem item : items) {
            if (item instanceof Source s && s.kind() == SourceKind.POSTGRES) {
                PostgresSourceIngestion ingestion = ingestions.remove(s.id());
                if (ingestion != null) {
                    try {
                        ingestion.drop();
                    } catch (SQLException e) {
                        throw SqlError.internal("dropping replication slot of " + s.name() + ": " + e.getMessage());
                    }
                }
            } else if (item instanceof Connection c) {
                connections.connectionDropped(c);
            } else if (item instanceof Source s && s.kind() == SourceKind.SUBSOURCE && ingestions.containsKey(
                    s.parentId()) && items.stream().noneMatch(i -> i.id().equals(s.parentId()))) {
                try {
                    ingestions.get(s.parentId()).removeTable(s.key());
                } catch (SQLException e) {
                    throw SqlError.internal("removing subsource " + s.name() + ": " + e.getMessage());
                }
            }
        }
        backingObjects.dropSourceRelations(items);
        connections.closeIdleTunnels();
    }

    /** The catalog key a statement's name resolves to ({@code schema.item}, or a bare name in {@code public}). */
    private static String key(dev.ingestrunbooks.sandbox.materialize.sql.QualifiedName name) {
        return MzCatalog.key(SourcePlanner.schemaOf(name), name.item());
    }

    /**
     * {@code FOR TABLES (t AS s.x)}: a schema {@code s} the Materialize database lacks is {@code unknown schema 's'},
     * checked before anything is asked upstream.
     */
    private void checkSubsourceSchemas(ForClause clause) throws SqlError {
        if (!(clause instanceof ForClause.Tables tables)) {
            return;
        }
        for (MzStatement.TableReference reference : tables.tables()) {
            List<String> parts = reference.subsourceName().parts();
            if (parts.size() >= 2 && !catalog.schemaExists(parts.get(parts.size() - 2))) {
                throw Errors.of(MzErrors.unknownSchema(parts.get(parts.size() - 2)));
            }
        }
    }

    private static List<String> references(ForClause clause) {
        if (clause instanceof ForClause.Tables t) {
            return t.tables().stream().map(r -> String.join(".", r.upstream().parts())).toList();
        }
        return List.of();
    }

    /** Stops every ingestion (slots and data stay), then closes every SSH tunnel. */
    @Override
    public void close() {
        ingestions.values().forEach(PostgresSourceIngestion::close);
        ingestions.clear();
        connections.close();
    }
}
