package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.StatementResult;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateIndex;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateView;

/**
 * CREATE [MATERIALIZED] VIEW and CREATE [DEFAULT] INDEX of the sandbox Materialize. A view and a materialized
 * view both become a plain view on the backing PostgreSQL, so a materialized view is always fresh by construction;
 * the catalog records its kind, cluster and the sources and views it reads (for {@code mz_object_dependencies}, DROP
 * rules and source errors). Tags as Materialize's: {@code CREATE VIEW}, {@code CREATE MATERIALIZED VIEW},
 * {@code CREATE INDEX}.
 *
 * <p>Limits: indexes are recorded in the catalog only (queries do not need them on PostgreSQL); the query's
 * dependencies are the sources and views its text names ({@link RelationReferences}); materialized view options (REFRESH, RETAIN HISTORY) are
 * ignored.
 */
final class ViewExecutor {
    private final MzCatalog catalog;

    ViewExecutor(MzCatalog catalog) {
        this.catalog = catalog;
    }

    StatementResult createView(CreateView s, MaterializeSession session) throws SqlError {
        String tag = s.materialized() ? "CREATE MATERIALIZED VIEW" : "CREATE VIEW";
        String name = s.name().item();
        String cluster = s.inCluster().orElse(session.cluster());
        if (s.materialized()) {
            catalog.cluster(cluster);
        }
        boolean replacing = s.orReplace() && catalog.find(name)
                .filter(i -> i instanceof CatalogItem.View v && v.materialized() == s.materialized()).isPresent();
        if (!replacing && catalog.nameTaken(name, s.ifNotExists())) {
            return new StatementResult.Command(tag);
        }
        String columns = s.columns().isEmpty() ? "" : " (" + String.join(", ", s.columns()) + ")";
        String view = PgQuote.ident(name);
        session.runOnBacking("CREATE " + (replacing ? "OR REPLACE " : "") + "VIEW " + view + columns + " AS "
                + s.query());
        try {
            catalog.createView(name, s.materialized(), cluster, s.query(), RelationReferences.in(s.query()),
                    replacing);
        } catch (MzException e) {
            session.runOnBacking("DROP VIEW IF EXISTS " + view);
            throw e;
        }
        return new StatementResult.Command(tag);
    }

    StatementResult createIndex(CreateIndex s, MaterializeSession session) {
        catalog.createIndex(s.name(), s.on().item(), s.inCluster().orElse(session.cluster()), s.keys(),
                s.ifNotExists());
        return new StatementResult.Command("CREATE INDEX");
    }
}
