package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.ingest.BackingDatabase;
import dev.ingestrunbooks.sandbox.materialize.ingest.PostgresSourceIngestion;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.sql.Lexer;
import dev.ingestrunbooks.sandbox.materialize.sql.Token;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The backing database's objects that stand for Materialize items which the ingestions do not make themselves: the
 * backing schemas of subsources outside {@code public}, the views that expose progress collections, and the views
 * and tables that go when their items are dropped.
 *
 * <p>A subsource put into another schema ({@code FOR TABLES (t AS s.t)}) is backed by table {@code s.t} in a backing
 * schema of the same name, which CREATE SCHEMA makes ({@link #schemaCreated}) and DROP SCHEMA drops; reads of
 * {@code s.t} are forwarded unchanged and so find it there.
 *
 * <p>Progress collections are views of the backing database over the committed LSN, made when a statement first
 * names one ({@link #exposeProgress}) and dropped with their source.
 */
final class SourceBackingObjects {
    private final MzCatalog catalog;
    private final BackingDatabase backing;
    private final Function<String, PostgresSourceIngestion> ingestions;
    /** Ids of the progress collections whose backing view exists. */
    private final Set<String> exposedProgress = ConcurrentHashMap.newKeySet();

    /** {@code ingestions}: the running ingestion of a source by catalog id, or null. */
    SourceBackingObjects(MzCatalog catalog, BackingDatabase backing,
            Function<String, PostgresSourceIngestion> ingestions) {
        this.catalog = catalog;
        this.backing = backing;
        this.ingestions = ingestions;
    }

    /** CREATE SCHEMA: the backing schema that will hold the tables of subsources put into it. */
    void schemaCreated(String schema) throws SqlError {
        backingSchema(schema, "CREATE SCHEMA IF NOT EXISTS " + PgQuote.ident(schema));
    }

    /**
     * DROP SCHEMA, after its items were cleaned up ({@link SourceManager#dropped}): drops the backing schema with
     * whatever plain SQL made in it.
     */
    void schemaDropped(String schema) throws SqlError {
        backingSchema(schema, "DROP SCHEMA IF EXISTS " + PgQuote.ident(schema) + " CASCADE");
    }

    private void backingSchema(String schema, String sql) throws SqlError {
        try (java.sql.Connection c = backing.open(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw SqlError.internal("backing schema " + schema + ": " + e.getMessage());
        }
    }

    /** Makes sure the backing schemas of {@code subsources} outside {@code public} exist (e.g. after a restart). */
    void ensureSchemas(List<Source> subsources) throws SqlError {
        for (String schema : subsources.stream().map(Source::schema).filter(s -> !MzCatalog.PUBLIC_SCHEMA.equals(s))
                .distinct().toList()) {
            schemaCreated(schema);
        }
    }

    /**
     * Makes the progress collections {@code sql} names readable (docs/materialize.md §2.6): each becomes a view of the
     * backing database over the ingestion's stored committed LSN, {@code lsn} as a number (Materialize's
     * {@code uint8}, numeric here), one row once the snapshot has committed. A read first waits for its source's
     * start as a subsource read does. Cheap when {@code sql} names none.
     */
    void exposeProgress(String sql) throws SqlError {
        String lower = sql.toLowerCase(Locale.ROOT);
        List<Source> named = catalog.items().stream().filter(i -> i instanceof Source s
                && s.kind() == SourceKind.PROGRESS && lower.contains(s.name().toLowerCase(Locale.ROOT))
                && !exposedProgress.contains(s.id())).map(Source.class::cast).toList();
        if (named.isEmpty()) {
            return;
        }
        Set<String> identifiers = new HashSet<>();
        for (Token token : Lexer.lex(sql)) {
            if (token.isIdentifier()) {
                identifiers.add(token.text());
            }
        }
        for (Source progress : named) {
            PostgresSourceIngestion ingestion = ingestions.apply(progress.parentId());
            if (!identifiers.contains(progress.name()) || ingestion == null
                    || !ingestion.awaitStart(SourceErrorGuard.SNAPSHOT_WAIT)) {
                continue;
            }
            try (java.sql.Connection c = backing.open(); Statement st = c.createStatement()) {
                st.execute("CREATE OR REPLACE VIEW " + backingRelation(progress) + " AS "
                        + ingestion.committedLsnQuery("lsn"));
                exposedProgress.add(progress.id());
            } catch (SQLException e) {
                throw SqlError.internal("exposing progress collection " + progress.name() + ": " + e.getMessage());
            }
        }
    }

    /** Drops the backing views of the dropped views among {@code items}. */
    void dropViews(List<CatalogItem> items) throws SqlError {
        try (java.sql.Connection c = backing.open(); Statement st = c.createStatement()) {
            for (CatalogItem item : items) {
                if (item instanceof CatalogItem.View v) {
                    st.execute("DROP VIEW IF EXISTS " + PgQuote.ident(v.name()) + " CASCADE");
                }
            }
        } catch (SQLException e) {
            throw SqlError.internal("dropping views: " + e.getMessage());
        }
    }

    /** Drops the backing tables of the dropped subsources and the views of the dropped progress collections. */
    void dropSourceRelations(List<CatalogItem> items) throws SqlError {
        try (java.sql.Connection c = backing.open(); Statement st = c.createStatement()) {
            for (CatalogItem item : items) {
                if (item instanceof Source s && s.kind() == SourceKind.SUBSOURCE) {
                    st.execute("DROP TABLE IF EXISTS " + backingRelation(s));
                } else if (item instanceof Source s && s.kind() == SourceKind.PROGRESS) {
                    st.execute("DROP VIEW IF EXISTS " + backingRelation(s));
                    exposedProgress.remove(s.id());
                }
            }
        } catch (SQLException e) {
            throw SqlError.internal("dropping subsource tables: " + e.getMessage());
        }
    }

    /**
     * The backing relation of a subsource (table) or progress collection (view), quoted: {@code "t"} in
     * {@code public}, {@code "s"."t"} in schema s.
     */
    private static String backingRelation(Source source) {
        return MzCatalog.PUBLIC_SCHEMA.equals(source.schema()) ? PgQuote.ident(source.name())
                : PgQuote.ident(source.schema()) + "." + PgQuote.ident(source.name());
    }
}
