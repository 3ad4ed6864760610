package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceStatus;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * {@code mz_aclitem[]} → {@code text[]}, {@code T list} → {@code T[]}). Limits: {@code last_status_change_at} and {@code details} of
 * {@code mz_source_statuses} are NULL; {@code mz_objects} and the statistics relations are not provided.
 */
final class CatalogTables {
    private static final String STATUSES = "mz_internal.mz_source_statuses";
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final BackingDatabase backing;
    private final Set<String> created = new HashSet<>();

    CatalogTables(MzCatalog catalog, SourceManager sources, BackingDatabase backing) {
        this.catalog = catalog;
        this.sources = sources;
        this.backing = backing;
    }

    /** Refreshes the relations {@code sql} mentions, if any; cheap for other statements. */
    void beforeForwarding(String sql) throws SqlError {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("mz_")) {
            return;
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
        return List.of(snapshot.mzSources(), snapshot.mzConnections(), snapshot.mzSecrets(), snapshot.mzClusters(),
                snapshot.mzClusterReplicas(), snapshot.mzObjectDependencies(), snapshot.mzPostgresSources(),
                statuses());
    }

    private CatalogRelation statuses() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogItem item : catalog.items()) {
            if (item instanceof Source s) {
                SourceStatus status = status(s);
                rows.add(Arrays.asList(s.id(), s.name(), s.kind().catalogName(), null, status.status(),
                        status.error().orElse(null), null));
            }
        }
        return new CatalogRelation(STATUSES, List.of(column("id text"), column("name text"), column("type text"),
                column("last_status_change_at timestamptz"), column("status text"), column("error text"),
                column("details jsonb")), rows);
    }

    private SourceStatus status(Source s) {
        return switch (s.kind()) {
            case PROGRESS -> SourceStatus.RUNNING;
            case POSTGRES -> sources.status(s.id()).orElse(SourceStatus.STARTING);
            case SUBSOURCE -> sources.ingestion(s.parentId()).map(i -> {
                try {
                    return i.tableStatus(s.name());
                } catch (IllegalArgumentException e) {
                    return i.status();
                }
            }).orElse(SourceStatus.STARTING);
        };
    }

    private static CatalogRelation.Column column(String spec) {
        int space = spec.indexOf(' ');
        return new CatalogRelation.Column(spec.substring(0, space), spec.substring(space + 1));
    }

    private synchronized void refresh(List<CatalogRelation> relations) throws SQLException {
        try (Connection c = backing.open()) {
            c.setAutoCommit(false);
            for (CatalogRelation relation : relations) {
                String table = qualified(relation.name());
                try (Statement s = c.createStatement()) {
                    if (created.add(relation.name())) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(relation.name().split("\\.")[0]));
                        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + relation.columns().stream()
                                .map(col -> quote(col.name()) + " " + pgType(col.type()))
                                .collect(Collectors.joining(", ")) + ")");
                    }
                    s.execute("DELETE FROM " + table);
                }
                insert(c, table, relation);
            }
            c.commit();
        }
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

    private static String pgType(String materializeType) {
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
        return Arrays.stream(name.split("\\.")).map(CatalogTables::quote).collect(Collectors.joining("."));
    }

    private static String quote(String identifier) {
        return SourceManager.quote(identifier);
    }
}
