package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.catalog.ShowResults;
import dev.ingestrunbooks.sandbox.materialize.pgwire.Column;
import dev.ingestrunbooks.sandbox.materialize.pgwire.PgTypes;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.StatementResult;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints;
import dev.ingestrunbooks.sandbox.materialize.sql.ClusterPlanner;
import dev.ingestrunbooks.sandbox.materialize.sql.ConnectionPlanner;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.DropObjects;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.Show;
import dev.ingestrunbooks.sandbox.materialize.sql.PlannedConnection;
import dev.ingestrunbooks.sandbox.materialize.sql.QualifiedName;
import dev.ingestrunbooks.sandbox.materialize.sql.SourcePlanner;
import java.nio.charset.StandardCharsets;
import dev.ingestrunbooks.sandbox.materialize.ssh.SshKeyPairSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Executes one parsed Materialize statement for a session against the shared catalog and sources, answering with
 * Materialize's command tags ({@code CREATE SECRET}, {@code CREATE SOURCE}, …) or SHOW rows.
 *
 * <p>{@code SHOW … WHERE} filters the rows on the backing PostgreSQL. CREATE CONNECTION … TO POSTGRES runs
 * VALIDATE CONNECTION's checks unless {@code WITH (VALIDATE = false)}; CREATE CONNECTION … TO SSH TUNNEL generates the
 * connection's two key pairs ({@link SshKeyPairSet}) and validates only with {@code WITH (VALIDATE)}; ALTER CONNECTION
 * … ROTATE KEYS rotates them. CREATE CONNECTION … TO AWS PRIVATELINK checks its zones against the region's, is refused
 * in an environment without PrivateLink (the {@code max_aws_privatelink_connections} limit), and otherwise requests
 * the connection's VPC endpoint ({@link PrivateLinkEndpoints}); dropping it deletes the endpoint.
 */
final class StatementExecutor {
    private final MzCatalog catalog;
    private final SourceManager sources;
    private final ViewExecutor views;
    private final Runnable afterStatement;
    private final PrivateLinkEndpoints privateLinks;
    private final java.util.Queue<String> executed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@code afterStatement} runs after every statement, failed or not (the engine saves the catalog there). */
    StatementExecutor(MzCatalog catalog, SourceManager sources, PrivateLinkEndpoints privateLinks,
            Runnable afterStatement) {
        this.privateLinks = privateLinks;
        this.catalog = catalog;
        this.sources = sources;
        this.views = new ViewExecutor(catalog);
        this.afterStatement = afterStatement;
    }

    /** Runs {@code statement}; {@code session} holds the session's active cluster. */
    StatementResult execute(MzStatement statement, MaterializeSession session) throws SqlError {
        executed.add(statement.getClass().getSimpleName());
        try {
            return run(statement, session);
        } catch (MzException e) {
            throw Errors.of(e);
        } finally {
            afterStatement.run();
        }
    }

    /** The kind of every Materialize statement run so far ({@code CreateSource}, {@code Show}, …), in order. */
    java.util.List<String> executed() {
        return java.util.List.copyOf(executed);
    }

    private StatementResult run(MzStatement statement, MaterializeSession session) throws SqlError {
        publicOnly(statement);
        if (statement instanceof MzStatement.CreateSchema s) {
            if (s.name().parts().size() > 2) {
                throw SqlError.featureNotSupported("the sandbox Materialize has only the materialize database");
            }
            if (catalog.createSchema(s.name().item(), s.ifNotExists()).isPresent()) {
                sources.backingObjects().schemaCreated(s.name().item());
            }
            return tag("CREATE SCHEMA");
        } else if (statement instanceof MzStatement.CreateSecret s) {
            catalog.createSecret(s.name().item(), s.value(), s.ifNotExists());
            return tag("CREATE SECRET");
        } else if (statement instanceof MzStatement.AlterSecret s) {
            catalog.alterSecret(s.name().item(), s.value(), s.ifExists());
            return tag("ALTER SECRET");
        } else if (statement instanceof MzStatement.CreateConnection s) {
            PlannedConnection p = ConnectionPlanner.plan(s, privateLinks.knownZoneIds());
            if (p.kind() == CatalogItem.ConnectionKind.AWS_PRIVATELINK && !privateLinks.supported()
                    && !(p.ifNotExists() && catalog.find(p.name()).isPresent())) {
                // the limit is 0 where PrivateLink is not offered; the sequencer checks it after planning
                throw MzErrors.privateLinkLimit(1, 0, 0);
            }
            Map<String, String> options = new HashMap<>(p.options());
            String keys = null;
            if (p.kind() == CatalogItem.ConnectionKind.SSH_TUNNEL) {
                SshKeyPairSet generated = SshKeyPairSet.generate();
                options.putAll(publicKeys(generated));
                keys = generated.encode();
            }
            Optional<CatalogItem.Connection> created = catalog.createConnection(p.name(), p.kind(),
                    options, p.secretRefs(), p.connectionRefs(), p.ifNotExists(), keys);
            if (created.isPresent()) {
                sources.connections().connectionCreated(p.name(), p.secretOptions());
                if (p.kind() == CatalogItem.ConnectionKind.AWS_PRIVATELINK) {
                    privateLinks.created(created.get());
                }
                if (p.validate()) {
                    validateNew(p.name());
                }
            }
            return tag("CREATE CONNECTION");
        } else if (statement instanceof MzStatement.AlterConnectionRotateKeys r) {
            if (!(r.ifExists() && catalog.find(r.name().item()).isEmpty())) {
                catalog.rotateConnectionKeys(r.name().item(), material -> {
                    SshKeyPairSet rotated = SshKeyPairSet.decode(material).rotate();
                    return Map.entry(rotated.encode(), publicKeys(rotated));
                });
            }
            return tag("ALTER CONNECTION");
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
        } else if (statement instanceof MzStatement.CreateView v) {
            return views.createView(v, session);
        } else if (statement instanceof MzStatement.CreateIndex i) {
            return views.createIndex(i, session);
        } else if (statement instanceof MzStatement.ValidateConnection v) {
            sources.connections().validateConnection(v.name().item());
            return tag("VALIDATE CONNECTION");
        } else if (statement instanceof MzStatement.AlterSourceAddSubsource a) {
            sources.addSubsources(a);
            return tag("ALTER SOURCE");
        } else if (statement instanceof MzStatement.AlterSourceDropSubsource a) {
            return dropSubsources(a);
        } else if (statement instanceof DropObjects d) {
            return drop(d);
        } else if (statement instanceof Show s) {
            CatalogRelation relation = show(s);
            return s.where().isPresent() ? session.runOnBacking(filtered(relation, s.where().get()))
                    : rows(relation);
        }
        throw SqlError.featureNotSupported("the sandbox Materialize does not support this statement yet");
    }

    /**
     * Only sources and subsources may live outside {@code public} here: a secret, connection, view, materialized view
     * or index named (or, for an index, put on a relation) in another schema is refused as unsupported rather than
     * quietly made in {@code public}.
     */
    private static void publicOnly(MzStatement statement) throws SqlError {
        List<QualifiedName> names = new ArrayList<>();
        if (statement instanceof MzStatement.CreateSecret s) {
            names.add(s.name());
        } else if (statement instanceof MzStatement.AlterSecret s) {
            names.add(s.name());
        } else if (statement instanceof MzStatement.CreateConnection s) {
            names.add(s.name());
        } else if (statement instanceof MzStatement.CreateView v) {
            names.add(v.name());
        } else if (statement instanceof MzStatement.CreateIndex i) {
            names.add(i.on());
        }
        for (QualifiedName name : names) {
            String schema = SourcePlanner.schemaOf(name);
            if (schema != null && !MzCatalog.PUBLIC_SCHEMA.equals(schema)) {
                throw SqlError.featureNotSupported("the sandbox Materialize keeps only sources in schemas other than"
                        + " public, not " + name);
            }
        }
    }

    /** The options under which an SSH TUNNEL connection shows its public keys. */
    private static Map<String, String> publicKeys(SshKeyPairSet keys) {
        return Map.of(CatalogRelations.PUBLIC_KEY_1, keys.publicKey1(), CatalogRelations.PUBLIC_KEY_2,
                keys.publicKey2());
    }

    private StatementResult drop(DropObjects d) throws SqlError {
        List<CatalogItem> dropped = new ArrayList<>();
        if (d.type() == MzStatement.ObjectType.SCHEMA) {
            for (QualifiedName name : d.names()) {
                List<CatalogItem> inSchema = catalog.dropSchema(name.item(), d.ifExists(), d.cascade());
                sources.dropped(inSchema);
                sources.backingObjects().schemaDropped(name.item());
            }
            return tag("DROP SCHEMA");
        }
        List<String> names = d.names().stream().map(n -> itemKey(n, d.ifExists())).toList();
        if (d.type() == MzStatement.ObjectType.CLUSTER) {
            for (String name : names) {
                dropped.addAll(catalog.dropCluster(name, d.ifExists(), d.cascade()));
            }
        } else {
            dropped.addAll(catalog.drop(MzCatalog.ItemType.valueOf(d.type().name()), names, d.ifExists(),
                    d.cascade()));
        }
        sources.dropped(dropped);
        return tag("DROP " + d.type().sql());
    }

    /**
     * The catalog key a name resolves to: {@code schema.item} (or {@code database.schema.item}) names the item in
     * that schema, which must exist ({@code unknown schema}) unless IF EXISTS; a bare name resolves through the
     * search path, which is {@code public}.
     */
    private String itemKey(QualifiedName name, boolean ifExists) {
        List<String> parts = name.parts();
        if (parts.size() < 2) {
            return name.item();
        }
        String schema = parts.get(parts.size() - 2);
        if (!ifExists) {
            catalog.requireSchema(schema);
        }
        return MzCatalog.key(schema, name.item());
    }

    /**
     * CREATE CONNECTION validates a POSTGRES connection by default (docs/materialize.md §2.2); a failure leaves no
     * connection.
     */
    private void validateNew(String name) throws SqlError {
        try {
            sources.connections().validateConnection(name);
        } catch (SqlError e) {
            sources.dropped(catalog.drop(MzCatalog.ItemType.CONNECTION, List.of(name), true, false));
            throw e;
        }
    }

    /**
     * ALTER SOURCE … DROP SUBSOURCE: only in the v0.59–v0.97 style; the imitated version (v0.98+) removed it in
     * favour of {@code DROP SOURCE <subsource>}.
     */
    private StatementResult dropSubsources(MzStatement.AlterSourceDropSubsource a) throws SqlError {
        if (catalog.style() != MzCatalog.SubsourceStyle.ALTER_SOURCE) {
            throw SqlError.featureNotSupported("ALTER SOURCE...DROP SUBSOURCE is not supported in this version;"
                    + " drop the subsource with DROP SOURCE");
        }
        sources.dropped(catalog.dropSubsources(a.source().item(),
                a.subsources().stream().map(QualifiedName::item).toList(), a.ifExists()));
        return tag("ALTER SOURCE");
    }

    /** The SHOW result's relation before any WHERE (also used to describe the statement). */
    CatalogRelation show(Show s) {
        ShowResults results = new ShowResults(new CatalogRelations(catalog));
        Optional<String> from = s.from().map(QualifiedName::item);
        CatalogRelation relation = switch (s.target()) {
            case SOURCES -> results.sources(from, s.inCluster());
            case SUBSOURCES -> results.subsources(s.on().map(n -> itemKey(n, false)), from);
            case CONNECTIONS -> results.connections();
            case SECRETS -> results.secrets();
            case CLUSTERS -> results.clusters();
            case CLUSTER_REPLICAS -> results.clusterReplicas();
            case VIEWS -> results.views();
            case MATERIALIZED_VIEWS -> results.materializedViews(s.inCluster());
            case INDEXES -> results.indexes(s.on().map(QualifiedName::item), s.inCluster());
        };
        if (from.isPresent() && s.target() != MzStatement.ShowTarget.SOURCES
                && s.target() != MzStatement.ShowTarget.SUBSOURCES) {
            // only subsources live outside public: the other kinds have no rows in another schema
            catalog.requireSchema(from.get());
            if (!from.get().equals(MzCatalog.PUBLIC_SCHEMA)) {
                relation = new CatalogRelation(relation.name(), relation.columns(), List.of());
            }
        }
        return s.like().map(relation::filterLike).orElse(relation);
    }

    /** A query over the relation's rows as VALUES with {@code where} applied, for the backing PostgreSQL. */
    private static String filtered(CatalogRelation relation, String where) {
        List<String> types = relation.columns().stream().map(c -> CatalogTables.pgType(c.type())).toList();
        String names = relation.columns().stream().map(c -> PgQuote.ident(c.name()))
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
