package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.catalog.ShowResults;
import dev.ingestrunbooks.sandbox.materialize.pgwire.Column;
import dev.ingestrunbooks.sandbox.materialize.pgwire.PgTypes;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.StatementResult;
import dev.ingestrunbooks.sandbox.materialize.sql.ClusterPlanner;
import dev.ingestrunbooks.sandbox.materialize.sql.ConnectionPlanner;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.DropObjects;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.Show;
import dev.ingestrunbooks.sandbox.materialize.sql.PlannedConnection;
import dev.ingestrunbooks.sandbox.materialize.sql.QualifiedName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Executes one parsed Materialize statement for a session against the shared catalog and sources, answering with
 * Materialize's command tags ({@code CREATE SECRET}, {@code CREATE SOURCE}, …) or SHOW rows.
 *
 * <p>{@code SHOW … WHERE} filters the rows on the backing PostgreSQL. Limits: {@code VALIDATE CONNECTION} and
 * {@code ALTER SOURCE} are refused (0A000);
 * CREATE CONNECTION is not validated against the upstream (validation happens at CREATE SOURCE).
 */
final class StatementExecutor {
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final Runnable afterStatement;

    /** {@code afterStatement} runs after every statement, failed or not (the engine saves the catalog there). */
    StatementExecutor(MzCatalog catalog, SourceManager sources, Runnable afterStatement) {
        this.catalog = catalog;
        this.sources = sources;
        this.afterStatement = afterStatement;
    }

    /** Runs {@code statement}; {@code session} holds the session's active cluster. */
    StatementResult execute(MzStatement statement, MaterializeSession session) throws SqlError {
        try {
            return run(statement, session);
        } catch (MzException e) {
            throw Errors.of(e);
        } finally {
            afterStatement.run();
        }
    }

    private StatementResult run(MzStatement statement, MaterializeSession session) throws SqlError {
        if (statement instanceof MzStatement.CreateSecret s) {
            catalog.createSecret(s.name().item(), s.value(), s.ifNotExists());
            return tag("CREATE SECRET");
        } else if (statement instanceof MzStatement.AlterSecret s) {
            catalog.alterSecret(s.name().item(), s.value(), s.ifExists());
            return tag("ALTER SECRET");
        } else if (statement instanceof MzStatement.CreateConnection s) {
            PlannedConnection p = ConnectionPlanner.plan(s);
            catalog.createConnection(p.name(), p.kind(), p.options(), p.secretRefs(), p.connectionRefs(),
                    p.ifNotExists()).ifPresent(c -> sources.connectionCreated(c.name(), p.secretOptions()));
            return tag("CREATE CONNECTION");
        } else if (statement instanceof MzStatement.CreateCluster s) {
            ClusterPlanner.PlannedCluster p = ClusterPlanner.create(s);
            catalog.createCluster(p.name(), p.size().orElseThrow(), p.replicationFactor().orElse(1));
            return tag("CREATE CLUSTER");
        } else if (statement instanceof MzStatement.AlterClusterSet s) {
            if (s.ifExists() && catalog.clusters().stream().noneMatch(c -> c.name().equals(s.name()))) {
                return tag("ALTER CLUSTER");
            }
            ClusterPlanner.PlannedCluster p = ClusterPlanner.alter(s);
            catalog.alterCluster(p.name(), p.size(), p.replicationFactor());
            return tag("ALTER CLUSTER");
        } else if (statement instanceof MzStatement.SetCluster s) {
            session.cluster(s.cluster());
            return tag("SET");
        } else if (statement instanceof MzStatement.ShowCluster) {
            return rows(new CatalogRelation("SHOW cluster", List.of(new CatalogRelation.Column("cluster", "text")),
                    List.of(List.<Object>of(session.cluster()))));
        } else if (statement instanceof MzStatement.CreateSource s) {
            sources.create(s, session.cluster());
            return tag("CREATE SOURCE");
        } else if (statement instanceof DropObjects d) {
            return drop(d);
        } else if (statement instanceof Show s) {
            CatalogRelation relation = show(s);
            return s.where().isPresent() ? session.runOnBacking(filtered(relation, s.where().get()))
                    : rows(relation);
        }
        throw SqlError.featureNotSupported("the sandbox Materialize does not support this statement yet");
    }

    private StatementResult drop(DropObjects d) throws SqlError {
        List<String> names = d.names().stream().map(QualifiedName::item).toList();
        List<CatalogItem> dropped = new ArrayList<>();
        if (d.type() == MzStatement.ObjectType.CLUSTER) {
            for (String name : names) {
                dropped.addAll(catalog.dropCluster(name, d.ifExists(), d.cascade()));
            }
        } else {
            dropped.addAll(catalog.drop(MzCatalog.ItemType.valueOf(d.type().name()), names, d.ifExists(),
                    d.cascade()));
        }
        sources.dropped(dropped);
        return tag("DROP " + d.type().name());
    }

    /** The SHOW result's relation before any WHERE (also used to describe the statement). */
    CatalogRelation show(Show s) {
        ShowResults results = new ShowResults(new CatalogRelations(catalog));
        CatalogRelation relation = switch (s.target()) {
            case SOURCES -> results.sources(s.inCluster());
            case SUBSOURCES -> results.subsources(s.on().map(QualifiedName::item));
            case CONNECTIONS -> results.connections();
            case SECRETS -> results.secrets();
            case CLUSTERS -> results.clusters();
            case CLUSTER_REPLICAS -> results.clusterReplicas();
        };
        return s.like().map(relation::filterLike).orElse(relation);
    }

    /** A query over the relation's rows as VALUES with {@code where} applied, for the backing PostgreSQL. */
    private static String filtered(CatalogRelation relation, String where) {
        List<String> types = relation.columns().stream().map(c -> CatalogTables.pgType(c.type())).toList();
        String names = relation.columns().stream().map(c -> SourceManager.quote(c.name()))
                .collect(Collectors.joining(", "));
        String values = relation.rows().isEmpty()
                ? "SELECT " + types.stream().map(t -> "NULL::" + t).collect(Collectors.joining(", ")) + " WHERE false"
                : "VALUES " + relation.rows().stream().map(row -> "(" + java.util.stream.IntStream.range(0, row.size())
                        .mapToObj(i -> literal(row.get(i)) + "::" + types.get(i)).collect(Collectors.joining(", "))
                        + ")").collect(Collectors.joining(", "));
        return "SELECT * FROM (" + values + ") AS show_result(" + names + ") WHERE " + where;
    }

    private static String literal(Object value) {
        return value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'";
    }

    /** Wire columns for a relation: every value is sent as text. */
    static List<Column> columns(CatalogRelation relation) {
        return relation.columns().stream().map(c -> Column.of(c.name(), PgTypes.TEXT)).toList();
    }

    private static StatementResult rows(CatalogRelation relation) {
        List<byte[][]> rows = new ArrayList<>();
        for (List<Object> row : relation.rows()) {
            byte[][] values = new byte[row.size()][];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(i) == null ? null : row.get(i).toString().getBytes(StandardCharsets.UTF_8);
            }
            rows.add(values);
        }
        return new StatementResult.Rows(columns(relation), rows, "SELECT " + rows.size());
    }

    private static StatementResult tag(String tag) {
        return new StatementResult.Command(tag);
    }
}
