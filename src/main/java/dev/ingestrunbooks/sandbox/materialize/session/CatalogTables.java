package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.postgres.Connections;
import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Materialize's catalog relations as tables of the backing database ({@code mz_catalog.mz_sources},
 * {@code mz_internal.mz_source_statuses}, …), refreshed from the catalog and the live ingestions before a forwarded
 * query that mentions one of them, so plain SELECTs and joins over them run on PostgreSQL.
 *
 * <p>Types PostgreSQL lacks are mapped ({@code uint4} → {@code bigint}, {@code uint8} → {@code numeric},
 * {@code mz_aclitem[]} → {@code text[]}, {@code T list} → {@code T[]}). Live rows come from {@link LiveRelations}.
 * {@code mz_databases}, {@code mz_schemas} (the {@code materialize} database's schemas) and {@code mz_egress_ips}
 * (the one configured egress address, which upstream connections bind to) are fixed. The PrivateLink relations
 * come from {@link PrivateLinkEndpoints}; a query that mentions one of the two status relations first polls the
 * endpoints' statuses, so each read sees the current state. Limits: relations other than these are not provided.
 */
final class CatalogTables {
    private final String egressIp;
    private final MzCatalog catalog;
    private final LiveRelations live;
    private final SourceManager sources;
    private final BackingDatabase backing;
    private final PrivateLinkEndpoints privateLinks;
    private final Set<String> created = new HashSet<>();
    /** The one backing connection refreshes run on (they are serialized); reopened after a failure. */
    private Connection connection;

    /** {@code egressIp}: the address the emulator's upstream connections come from ({@code mz_egress_ips}). */
    CatalogTables(MzCatalog catalog, SourceManager sources, BackingDatabase backing, String egressIp,
            PrivateLinkEndpoints privateLinks) {
        this.privateLinks = privateLinks;
        this.egressIp = egressIp;
        this.catalog = catalog;
        this.live = new LiveRelations(catalog, sources);
        this.sources = sources;
        this.backing = backing;
    }

    /** Refreshes the relations {@code sql} mentions, if any; cheap for other statements. */
    void beforeForwarding(String sql) throws SqlError {
        sources.backingObjects().exposeProgress(sql);
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("mz_")) {
            return;
        }
        if (lower.contains("mz_aws_privatelink_connection_status")) {
            privateLinks.poll(catalog.items());
        }
        List<CatalogRelation> mentioned = relations().stream()
                .filter(r -> lower.contains(r.name().substring(r.name().indexOf('.') + 1))).toList();
        if (!mentioned.isEmpty()) {
            try {
                refresh(mentioned);
            } catch (SQLException e) {
                throw SqlError.internal("refreshing catalog relations: " + e.getMessage());
            }
        }
    }

    private List<CatalogRelation> relations() {
        CatalogRelations snapshot = new CatalogRelations(catalog);
        List<dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem> items = catalog.items();
        return List.of(snapshot.mzSources(), snapshot.mzConnections(), snapshot.mzSshTunnelConnections(),
                privateLinks.connections(items), privateLinks.statusHistory(), privateLinks.statuses(items),
                snapshot.mzSecrets(), snapshot.mzClusters(),
                snapshot.mzClusterReplicas(), snapshot.mzObjectDependencies(), snapshot.mzViews(),
                snapshot.mzMaterializedViews(), snapshot.mzIndexes(), snapshot.mzObjects(),
                live.postgresSources(snapshot.mzPostgresSources()), snapshot.mzPostgresSourceTables(),
                live.statuses(), live.statistics(), fixed("mz_catalog.mz_databases",
                        List.of("id text", "oid oid", "name text", "owner_id text", "privileges mz_aclitem[]"),
                        Arrays.asList("u1", 20_001L, "materialize", MzCatalog.OWNER_ID, "{u1=UC/u1}")),
                snapshot.mzSchemas(),
                fixed("mz_catalog.mz_egress_ips", List.of("egress_ip text", "prefix_length integer", "cidr text"),
                        Arrays.asList(egressIp, 32, egressIp + "/32")));
    }

    /** A relation with one fixed row; columns as {@code "name type"}. */
    private static CatalogRelation fixed(String name, List<String> columns, List<Object> row) {
        return new CatalogRelation(name, columns.stream().map(c -> new CatalogRelation.Column(
                c.substring(0, c.indexOf(' ')), c.substring(c.indexOf(' ') + 1))).toList(), List.of(row));
    }

    private synchronized void refresh(List<CatalogRelation> relations) throws SQLException {
        Connection c = connection();
        try {
            for (CatalogRelation relation : relations) {
                String table = qualified(relation.name());
                try (Statement s = c.createStatement()) {
                    if (!created.contains(relation.name())) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + PgQuote.ident(relation.name().split("\\.")[0]));
                        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + relation.columns().stream()
                                .map(col -> PgQuote.ident(col.name()) + " " + pgType(col.type()))
                                .collect(Collectors.joining(", ")) + ")");
                    }
                    s.execute("DELETE FROM " + table);
                }
                insert(c, table, relation);
            }
            c.commit();
            relations.forEach(r -> created.add(r.name()));
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * The refresh connection, opened on first use: a catalog query is frequent (every status poll makes one), and a
     * new backing session for each cost a PostgreSQL backend start and exit.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = backing.open();
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Closes the refresh connection (after a failed refresh, whose transaction state is unknown, or at close). */
    synchronized void discardConnection() {
        Connections.closeQuietly(connection);
        connection = null;
    }

    private static void insert(Connection c, String table, CatalogRelation relation) throws SQLException {
        if (relation.rows().isEmpty()) {
            return;
        }
        String values = relation.columns().stream().map(col -> "?::" + pgType(col.type()))
                .collect(Collectors.joining(", "));
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (" + values + ")")) {
            for (List<Object> row : relation.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    insert.setString(i + 1, row.get(i) == null ? null : row.get(i).toString());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The backing PostgreSQL type for a Materialize column type. */
    static String pgType(String materializeType) {
        if (materializeType.endsWith(" list")) {
            return pgType(materializeType.substring(0, materializeType.length() - " list".length())) + "[]";
        }
        return switch (materializeType) {
            case "uint2", "uint4" -> "bigint";
            case "uint8" -> "numeric";
            case "mz_aclitem[]" -> "text[]";
            case "mz_timestamp" -> "numeric";
            default -> materializeType;
        };
    }

    private static String qualified(String name) {
        return Arrays.stream(name.split("\\.")).map(PgQuote::ident).collect(Collectors.joining("."));
    }
}
