package dev.ingestrunbooks.sandbox.materialize.catalog;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Index;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.View;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Secret;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * In-memory, thread-safe model of an emulated Materialize region's catalog: the schemas of the {@code materialize}
 * database (CREATE/DROP SCHEMA; names are unique per schema, a bare name means {@code public}), their items
 * (secrets, connections, sources with subsources and progress collections, views, materialized views, indexes)
 * and clusters, with Materialize's
 * name rules, dependency rules and error texts (docs/materialize.md §2). Drops go through {@link ItemDropper}.
 *
 * <p>Secret values are kept only in a private map; the one way out is {@link #revealSecretForUpstream(String)},
 * meant for opening the upstream PostgreSQL connection and never for a SQL result. Every mutator is
 * {@code synchronized}; readers get immutable snapshots.
 */
public final class MzCatalog {
    /** How subsources are dropped, which also fixes the dependency direction (docs/materialize.md §1.5, §2.8). */
    public enum SubsourceStyle {
        /** v0.59–v0.97: {@code ALTER SOURCE … DROP SUBSOURCE}; the source depends on its subsources. */
        ALTER_SOURCE,
        /** v0.98 and later: {@code DROP SOURCE <subsource>}; each subsource depends on its source. */
        DROP_SOURCE
    }

    /** The item types DROP names. */
    public enum ItemType {
        SOURCE(i -> i instanceof Source), CONNECTION(i -> i instanceof Connection), SECRET(i -> i instanceof Secret),
        VIEW(i -> i instanceof View v && !v.materialized()), MATERIALIZED_VIEW(i -> i instanceof View v
                && v.materialized()), INDEX(i -> i instanceof Index);

        private final Predicate<CatalogItem> matches;

        ItemType(Predicate<CatalogItem> matches) {
            this.matches = matches;
        }

        boolean matches(CatalogItem item) {
            return matches.test(item);
        }

        /** The type as messages word it ({@code materialized view}). */
        String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** The owner of every object: the emulated region's single user role. */
    public static final String OWNER_ID = "u1";
    /** The default schema of the {@code materialize} database, first (and only) on the search path. */
    public static final String PUBLIC_SCHEMA = "public";
    /** The id of {@code materialize.public}. */
    public static final String PUBLIC_SCHEMA_ID = "u3";
    /** The oid of {@code materialize.public}. */
    public static final long PUBLIC_SCHEMA_OID = 20_002L;
    /** Schema names that live outside the {@code materialize} database's user schemas. */
    private static final java.util.Set<String> SYSTEM_SCHEMAS = java.util.Set.of("mz_catalog", "mz_internal",
            "mz_introspection", "mz_unsafe", "pg_catalog", "information_schema");

    /** Items by {@link CatalogItem#key()}: bare name in {@code public}, {@code schema.name} elsewhere. */
    final Map<String, CatalogItem> items = new LinkedHashMap<>();
    /** Schemas made with CREATE SCHEMA, by name ({@code public} is implicit). */
    final Map<String, CatalogSnapshot.Schema> schemas = new LinkedHashMap<>();
    private final Map<String, String> secretValues = new HashMap<>();
    final ClusterRegistry clusters = new ClusterRegistry();
    private final SubsourceStyle style;
    private int nextItemId = 1;
    private int nextSchemaId = 4;
    private long nextOid = 20_000;

    /** A catalog with the {@code quickstart} cluster (25cc, one replica). */
    public MzCatalog(SubsourceStyle style) {
        this.style = style;
        clusters.create("quickstart", "25cc", 1);
    }

    /** A catalog with exactly the state of {@code snapshot} (a restart on saved state). */
    public static MzCatalog restore(SubsourceStyle style, CatalogSnapshot snapshot) {
        MzCatalog catalog = new MzCatalog(style);
        snapshot.items().forEach(i -> catalog.items.put(i.key(), i));
        snapshot.schemas().forEach(s -> catalog.schemas.put(s.name(), s));
        catalog.secretValues.putAll(snapshot.secretValues());
        CatalogSnapshot.Counters counters = snapshot.counters();
        catalog.clusters.restore(snapshot.clusters(), counters.nextClusterId(), counters.nextReplicaId());
        catalog.nextItemId = counters.nextItemId();
        catalog.nextOid = counters.nextOid();
        return catalog;
    }

    /** The whole state, secret values included (for the emulator's private state store only). */
    public synchronized CatalogSnapshot snapshot() {
        return new CatalogSnapshot(List.copyOf(items.values()), Map.copyOf(secretValues), clusters.all(),
                new CatalogSnapshot.Counters(nextItemId, nextOid, clusters.nextClusterId(), clusters.nextReplicaId()),
                List.copyOf(schemas.values()));
    }

    /** The subsource style this catalog imitates. */
    public SubsourceStyle style() {
        return style;
    }

    /**
     * CREATE SCHEMA in the {@code materialize} database; empty if IF NOT EXISTS met an existing schema. Ids follow
     * {@code public}'s {@code u3} ({@code u4}, {@code u5}, …, never reused within a run).
     */
    public synchronized Optional<CatalogSnapshot.Schema> createSchema(String name, boolean ifNotExists) {
        if (schemaExists(name) || SYSTEM_SCHEMAS.contains(name)) {
            if (ifNotExists) {
                return Optional.empty();
            }
            throw MzErrors.schemaAlreadyExists(name);
        }
        int next = schemas.values().stream().mapToInt(s -> Integer.parseInt(s.id().substring(1))).max().orElse(3) + 1;
        next = Math.max(next, nextSchemaId);
        nextSchemaId = next + 1;
        CatalogSnapshot.Schema schema = new CatalogSnapshot.Schema("u" + next, nextOid++, name);
        schemas.put(name, schema);
        return Optional.of(schema);
    }

    /**
     * DROP SCHEMA: RESTRICT refuses a schema with items ({@code schema '<name>' cannot be dropped without CASCADE
     * while it contains objects}); CASCADE drops its items with their dependents wherever they live. Returns the
     * dropped items; empty if IF EXISTS met no such schema. {@code public} cannot be dropped here.
     */
    public synchronized List<CatalogItem> dropSchema(String name, boolean ifExists, boolean cascade) {
        if (PUBLIC_SCHEMA.equals(name) || SYSTEM_SCHEMAS.contains(name)) {
            throw MzErrors.schemaUnsupported("the sandbox Materialize cannot drop schema " + name);
        }
        if (!schemas.containsKey(name)) {
            if (ifExists) {
                return List.of();
            }
            throw MzErrors.unknownSchema(name);
        }
        List<CatalogItem> dropped = new ItemDropper(this).dropSchema(name, cascade);
        schemas.remove(name);
        return dropped;
    }

    /** Whether {@code name} is {@code public} or a schema made with CREATE SCHEMA. */
    public synchronized boolean schemaExists(String name) {
        return PUBLIC_SCHEMA.equals(name) || schemas.containsKey(name);
    }

    /** Throws {@code unknown schema '<name>'} unless the schema exists. */
    public synchronized void requireSchema(String name) {
        if (!schemaExists(name)) {
            throw MzErrors.unknownSchema(name);
        }
    }

    /** The id of schema {@code name} ({@code u3} for {@code public}), or {@code unknown schema}. */
    public synchronized String schemaId(String name) {
        requireSchema(name);
        return PUBLIC_SCHEMA.equals(name) ? PUBLIC_SCHEMA_ID : schemas.get(name).id();
    }

    /** Every schema of the {@code materialize} database, {@code public} first. */
    public synchronized List<CatalogSnapshot.Schema> schemas() {
        List<CatalogSnapshot.Schema> all = new ArrayList<>();
        all.add(new CatalogSnapshot.Schema(PUBLIC_SCHEMA_ID, PUBLIC_SCHEMA_OID, PUBLIC_SCHEMA));
        all.addAll(schemas.values());
        return all;
    }

    /** CREATE SECRET; empty if IF NOT EXISTS met an existing item. */
    public synchronized Optional<Secret> createSecret(String name, String value, boolean ifNotExists) {
        if (exists(name, ifNotExists)) {
            return Optional.empty();
        }
        Secret secret = new Secret(nextId(), nextOid++, name);
        items.put(name, secret);
        secretValues.put(name, value);
        return Optional.of(secret);
    }

    /** ALTER SECRET: replaces the value; {@code false} if IF EXISTS met no such secret. */
    public synchronized boolean alterSecret(String name, String value, boolean ifExists) {
        if (ifExists && !items.containsKey(name)) {
            return false;
        }
        require(name, Secret.class, "secret");
        secretValues.put(name, value);
        return true;
    }

    /** The value of a secret, for connecting to the upstream database only; never return it to SQL clients. */
    public synchronized String revealSecretForUpstream(String name) {
        require(name, Secret.class, "secret");
        return secretValues.get(name);
    }

    /**
     * CREATE CONNECTION with already planned options; {@code references} name the secrets and connections used
     * (each must exist). Empty if IF NOT EXISTS met an existing item.
     */
    public synchronized Optional<Connection> createConnection(String name, ConnectionKind kind,
            Map<String, String> options, List<String> secretRefs, List<String> connectionRefs, boolean ifNotExists) {
        return createConnection(name, kind, options, secretRefs, connectionRefs, ifNotExists, null);
    }

    /**
     * CREATE CONNECTION as above; {@code privateMaterial} (an SSH TUNNEL's encoded key pairs, or null) is kept like
     * a secret value: private, saved with the catalog, gone with the connection. An {@code SSH TUNNEL} option must
     * name an SSH connection, an {@code AWS PRIVATELINK} option an AWS PRIVATELINK connection.
     */
    public synchronized Optional<Connection> createConnection(String name, ConnectionKind kind,
            Map<String, String> options, List<String> secretRefs, List<String> connectionRefs, boolean ifNotExists,
            String privateMaterial) {
        secretRefs.forEach(s -> require(s, Secret.class, "secret"));
        connectionRefs.forEach(c -> require(c, Connection.class, "connection"));
        String tunnel = options.get("SSH TUNNEL");
        if (tunnel != null && require(tunnel, Connection.class, "connection").kind() != ConnectionKind.SSH_TUNNEL) {
            throw MzErrors.notSshConnection(tunnel);
        }
        String privateLink = options.get("AWS PRIVATELINK");
        if (privateLink != null && require(privateLink, Connection.class, "connection").kind()
                != ConnectionKind.AWS_PRIVATELINK) {
            throw MzErrors.notPrivateLinkConnection(privateLink);
        }
        if (exists(name, ifNotExists)) {
            return Optional.empty();
        }
        List<String> refs = new ArrayList<>(secretRefs);
        refs.addAll(connectionRefs);
        Connection connection = new Connection(nextId(), nextOid++, name, kind, options, refs);
        items.put(name, connection);
        if (privateMaterial != null) {
            secretValues.put(name, privateMaterial);
        }
        return Optional.of(connection);
    }

    /**
     * The private material of a connection (an SSH TUNNEL's encoded key pairs), for opening sessions only; never
     * return it to SQL clients.
     */
    public synchronized Optional<String> revealConnectionMaterial(String name) {
        require(name, Connection.class, "connection");
        return Optional.ofNullable(secretValues.get(name));
    }

    /**
     * ALTER CONNECTION … ROTATE KEYS: {@code rotate} maps the current private material to the new material and the
     * new options (the public keys); the connection keeps its id and oid. Throws Materialize's errors for an unknown
     * item and for a connection that is not an SSH TUNNEL.
     */
    public synchronized Connection rotateConnectionKeys(String name,
            java.util.function.Function<String, Map.Entry<String, Map<String, String>>> rotate) {
        Connection connection = require(name, Connection.class, "connection");
        if (connection.kind() != ConnectionKind.SSH_TUNNEL || !secretValues.containsKey(name)) {
            throw MzErrors.notSshConnection(fullName(name));
        }
        Map.Entry<String, Map<String, String>> rotated = rotate.apply(secretValues.get(name));
        Map<String, String> options = new LinkedHashMap<>(connection.options());
        options.putAll(rotated.getValue());
        Connection updated = new Connection(connection.id(), connection.oid(), name, connection.kind(), options,
                connection.references());
        items.put(name, updated);
        secretValues.put(name, rotated.getKey());
        return updated;
    }

    /** The connection named {@code name}, or Materialize's unknown-item / wrong-type error. */
    public synchronized Connection connection(String name) {
        return require(name, Connection.class, "connection");
    }

    /**
     * CREATE SOURCE: the source, its progress collection and one subsource per table, ids in that order.
     * Empty if IF NOT EXISTS met an existing item.
     */
    public synchronized Optional<Source> createSource(SourceSpec spec) {
        Cluster cluster = clusters.require(spec.cluster());
        CatalogItem named = items.get(spec.connection());
        if (named == null) {
            throw MzErrors.unknownCatalogItem(spec.connection());
        }
        if (!(named instanceof Connection connection) || connection.kind() != ConnectionKind.POSTGRES) {
            throw MzErrors.notPostgresConnection(fullName(spec.connection()));
        }
        requireSchema(spec.schema());
        if (planExists(spec.schema(), spec.name(), spec.ifNotExists())) {
            return Optional.empty();
        }
        if (spec.publication() == null) {
            throw MzErrors.publicationRequired();
        }
        checkNewSubsources(spec.subsources(), List.of(), connection);
        planExists(spec.schema(), spec.progressName(), false);
        String slot = "materialize_" + UUID.randomUUID().toString().replace("-", "");
        Source source = new Source(nextId(), nextOid++, spec.name(), SourceKind.POSTGRES, null, cluster.id(),
                connection.id(), spec.publication(), slot, null, null, spec.schema());
        items.put(source.key(), source);
        Source progress = new Source(nextId(), nextOid++, spec.progressName(), SourceKind.PROGRESS, source.id(), null,
                null, null, null, null, null, spec.schema());
        items.put(progress.key(), progress);
        addSubsourceItems(source, spec.subsources());
        return Optional.of(source);
    }

    /** ALTER SOURCE … ADD SUBSOURCE: new subsources of an existing PostgreSQL source ({@code sourceName}: its key). */
    public synchronized List<Source> addSubsources(String sourceName, List<SourceSpec.Subsource> subsources) {
        Source source = require(sourceName, Source.class, "source");
        List<Source> existing = subsourcesOf(source.id());
        Connection connection = (Connection) byId(source.connectionId()).orElseThrow();
        checkNewSubsources(subsources, existing, connection);
        return addSubsourceItems(source, subsources);
    }

    /**
     * Materialize's checks on the subsources a statement would create, in its order
     * ({@code validate_source_export_names}, then ALTER's check against existing subsources, then the names in the
     * catalog): two with one name, one upstream table twice, a table another subsource already ingests, a name taken.
     * Upstream tables are named {@code <database>.<schema>.<table>}.
     */
    private void checkNewSubsources(List<SourceSpec.Subsource> added, List<Source> existing, Connection conn) {
        String database = conn.options().getOrDefault("DATABASE", "postgres");
        java.util.function.Function<SourceSpec.Subsource, String> upstream = sub -> database + "."
                + sub.upstreamSchema() + "." + sub.upstreamTable();
        Map<String, List<SourceSpec.Subsource>> byName = new LinkedHashMap<>();
        Map<String, List<SourceSpec.Subsource>> byTable = new LinkedHashMap<>();
        for (SourceSpec.Subsource sub : added) {
            requireSchema(sub.schema());
        }
        for (SourceSpec.Subsource sub : added) {
            byName.computeIfAbsent(sub.key(), n -> new ArrayList<>()).add(sub);
            byTable.computeIfAbsent(upstream.apply(sub), t -> new ArrayList<>()).add(sub);
        }
        for (Map.Entry<String, List<SourceSpec.Subsource>> e : byName.entrySet()) {
            if (e.getValue().size() > 1) {
                throw MzErrors.duplicateSubsourceName(e.getValue().get(0).name(),
                        e.getValue().stream().map(upstream).toList());
            }
        }
        for (Map.Entry<String, List<SourceSpec.Subsource>> e : byTable.entrySet()) {
            if (e.getValue().size() > 1) {
                throw MzErrors.duplicateSubsourceReference(e.getKey(),
                        e.getValue().stream().map(SourceSpec.Subsource::name).toList());
            }
        }
        for (Source s : existing) {
            String table = database + "." + s.upstreamSchema() + "." + s.upstreamTable();
            if (byTable.containsKey(table)) {
                throw MzErrors.subsourceAlreadyRefers(table);
            }
        }
        for (SourceSpec.Subsource sub : added) {
            planExists(sub.schema(), sub.name(), false);
        }
    }

    private List<Source> addSubsourceItems(Source parent, List<SourceSpec.Subsource> subsources) {
        List<Source> created = new ArrayList<>();
        for (SourceSpec.Subsource sub : subsources) {
            Source s = new Source(nextId(), nextOid++, sub.name(), SourceKind.SUBSOURCE, parent.id(), null, null,
                    null, null, sub.upstreamSchema(), sub.upstreamTable(), sub.schema());
            items.put(s.key(), s);
            created.add(s);
        }
        return created;
    }

    /**
     * Checks that {@code name} is free for a new view, materialized view or index: {@code false} if it is and
     * {@code true} if IF NOT EXISTS met an existing item; otherwise Materialize's already-exists error.
     */
    public synchronized boolean nameTaken(String name, boolean ifNotExists) {
        return planExists(name, ifNotExists);
    }

    /**
     * CREATE [MATERIALIZED] VIEW after the backing database accepted the query: {@code identifiers} are the keys
     * ({@link #key}) of the relations the query may name, of which those of sources and views become its dependencies; {@code cluster}
     * (materialized views only) must exist. OR REPLACE replaces a view of the same kind.
     */
    public synchronized View createView(String name, boolean materialized, String cluster, String definition,
                                        java.util.Collection<String> identifiers, boolean orReplace) {
        String clusterId = materialized ? clusters.require(cluster).id() : null;
        CatalogItem existing = items.get(name);
        if (existing instanceof View v && orReplace && v.materialized() == materialized) {
            items.remove(name);
        } else {
            planExists(name, false);
        }
        List<String> references = items.values().stream()
                .filter(i -> (i instanceof Source || i instanceof View) && identifiers.contains(i.key()))
                .map(CatalogItem::key).toList();
        View view = new View(nextId(), nextOid++, name, materialized, clusterId, definition, references);
        items.put(name, view);
        return view;
    }

    /**
     * CREATE [DEFAULT] INDEX on a source or view, maintained in {@code cluster}; without a name it is
     * {@code <on>_primary_idx} (default index) or {@code <on>_<key>_…_idx}. Empty if IF NOT EXISTS met the name.
     */
    public synchronized Optional<Index> createIndex(Optional<String> name, String on, String cluster,
                                                    List<String> keys, boolean ifNotExists) {
        CatalogItem target = items.get(on);
        if (target == null) {
            throw MzErrors.unknownCatalogItem(on);
        }
        if (!(target instanceof Source || target instanceof View)) {
            throw MzErrors.wrongItemType(fullName(on), "relation");
        }
        String clusterId = clusters.require(cluster).id();
        String indexName = name.orElseGet(() -> on + "_" + (keys.isEmpty() ? "primary" : String.join("_",
                keys.stream().map(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*") ? k.toLowerCase(java.util.Locale.ROOT)
                        : "expr").toList())) + "_idx");
        if (planExists(indexName, ifNotExists)) {
            return Optional.empty();
        }
        Index index = new Index(nextId(), nextOid++, indexName, target.id(), clusterId, keys);
        items.put(indexName, index);
        return Optional.of(index);
    }

    /** The table subsources (not the progress collection) of the source with id {@code sourceId}. */
    public synchronized List<Source> subsourcesOf(String sourceId) {
        return items.values().stream().filter(i -> i instanceof Source s && s.kind() == SourceKind.SUBSOURCE
                && sourceId.equals(s.parentId())).map(Source.class::cast).toList();
    }

    /**
     * DROP SOURCE | CONNECTION | SECRET | VIEW | MATERIALIZED VIEW | INDEX: returns everything dropped (dependents first, then the named items),
     * so the emulator can drop replication slots and backing tables.
     */
    public synchronized List<CatalogItem> drop(ItemType type, List<String> names, boolean ifExists,
                                               boolean cascade) {
        return new ItemDropper(this).drop(type, names, ifExists, cascade);
    }

    /** ALTER SOURCE … DROP SUBSOURCE (v0.59–v0.97); returns the dropped subsources. */
    public synchronized List<CatalogItem> dropSubsources(String source, List<String> names, boolean ifExists) {
        return new ItemDropper(this).dropSubsources(source, names, ifExists);
    }

    /** DROP CLUSTER: the sources in it block a RESTRICT drop; CASCADE drops them; returns dropped items. */
    public synchronized List<CatalogItem> dropCluster(String name, boolean ifExists, boolean cascade) {
        return new ItemDropper(this).dropCluster(name, ifExists, cascade);
    }

    /** CREATE CLUSTER. */
    public synchronized Cluster createCluster(String name, String size, int replicationFactor) {
        return clusters.create(name, size, replicationFactor);
    }

    /** ALTER CLUSTER … SET (SIZE …, REPLICATION FACTOR …). */
    public synchronized Cluster alterCluster(String name, Optional<String> size, Optional<Integer> factor) {
        return clusters.alter(name, size, factor);
    }

    /** The cluster named {@code name}, or {@code unknown cluster '<name>'}. */
    public synchronized Cluster cluster(String name) {
        return clusters.require(name);
    }

    /** Snapshot of all clusters. */
    public synchronized List<Cluster> clusters() {
        return clusters.all();
    }

    /** Snapshot of all items in creation order. */
    public synchronized List<CatalogItem> items() {
        return List.copyOf(items.values());
    }

    /** The item with catalog id {@code id}. */
    public synchronized Optional<CatalogItem> byId(String id) {
        return items.values().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The item named {@code name}, if any. */
    public synchronized Optional<CatalogItem> find(String name) {
        return Optional.ofNullable(items.get(name));
    }

    <T extends CatalogItem> T require(String name, Class<T> type, String typeWord) {
        CatalogItem item = items.get(name);
        if (item == null) {
            throw MzErrors.unknownCatalogItem(name);
        }
        if (!type.isInstance(item)) {
            throw MzErrors.wrongItemType(fullName(name), typeWord);
        }
        return type.cast(item);
    }

    void forget(CatalogItem item) {
        items.remove(item.key());
        secretValues.remove(item.name());
    }

    private boolean exists(String name, boolean ifNotExists) {
        if (!items.containsKey(name)) {
            return false;
        }
        if (ifNotExists) {
            return true;
        }
        throw MzErrors.itemAlreadyExists(name);
    }

    /** The planner's existence check for sources (message names the existing item's type and full name). */
    private boolean planExists(String name, boolean ifNotExists) {
        return planExists(PUBLIC_SCHEMA, name, ifNotExists);
    }

    /** As above for a name in {@code schema}: names are unique per schema. */
    private boolean planExists(String schema, String name, boolean ifNotExists) {
        CatalogItem existing = items.get(key(schema, name));
        if (existing == null) {
            return false;
        }
        if (ifNotExists) {
            return true;
        }
        throw MzErrors.itemAlreadyExists(existing.typeName(), fullName(schema, name));
    }

    /** {@code materialize.public.<name>}: a name in the default schema. */
    static String fullName(String name) {
        return fullName(PUBLIC_SCHEMA, name);
    }

    /** {@code materialize.<schema>.<name>}. */
    public static String fullName(String schema, String name) {
        return "materialize." + schema + "." + name;
    }

    /** The catalog key of {@code name} in {@code schema}: the bare name in {@code public}, else {@code schema.name}. */
    public static String key(String schema, String name) {
        return schema == null || PUBLIC_SCHEMA.equals(schema) ? name : schema + "." + name;
    }

    private String nextId() {
        return "u" + nextItemId++;
    }
}
