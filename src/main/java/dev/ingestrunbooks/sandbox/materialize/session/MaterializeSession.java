package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.pgwire.Description;
import dev.ingestrunbooks.sandbox.materialize.pgwire.ForwardingSqlSession;
import dev.ingestrunbooks.sandbox.materialize.pgwire.Parameter;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession;
import dev.ingestrunbooks.sandbox.materialize.pgwire.StatementResult;
import dev.ingestrunbooks.sandbox.materialize.sql.Classified;
import dev.ingestrunbooks.sandbox.materialize.sql.MaterializeStatements;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client's session of the sandbox Materialize: classifies every statement; Materialize's own statements
 * (CREATE SECRET/CONNECTION/CLUSTER/SOURCE/[MATERIALIZED] VIEW/INDEX, ALTER SOURCE, VALIDATE CONNECTION, DROP,
 * SET cluster, SHOW …) run in {@link StatementExecutor}, the rest (SELECT on subsources and views, transactions)
 * goes to the backing PostgreSQL session underneath, after {@link SourceErrorGuard} has failed reads of errored
 * subsources. Forwarded SQL and its results go through {@link MaterializeTypes}, so type names
 * ({@code pg_typeof}) and interval texts read as Materialize writes them.
 *
 * <p>A simple query without Materialize statements is forwarded whole, so PostgreSQL's implicit transaction of a
 * multi-statement string is kept; one that mixes both runs statement by statement. Text the Materialize lexer
 * cannot read is forwarded unchanged (PostgreSQL then reports its own error).
 */
public final class MaterializeSession extends ForwardingSqlSession {
    private static final Pattern UNDEFINED_RELATION = Pattern.compile("relation \"(.+)\" does not exist");
    private final StatementExecutor executor;
    private final CatalogTables catalogTables;
    private final SourceErrorGuard sourceErrors;
    private volatile String cluster = "quickstart";

    MaterializeSession(SqlSession backing, StatementExecutor executor, CatalogTables catalogTables,
                       SourceErrorGuard sourceErrors) {
        super(backing);
        this.executor = executor;
        this.catalogTables = catalogTables;
        this.sourceErrors = sourceErrors;
    }

    /** The session's active cluster ({@code SET cluster = …}), {@code quickstart} at first. */
    public String cluster() {
        return cluster;
    }

    void cluster(String name) {
        this.cluster = name;
    }

    @Override
    public List<StatementResult> executeSimple(String sql) throws SimpleQueryError {
        List<Classified> classified = new ArrayList<>();
        try {
            for (String statement : MaterializeStatements.split(sql)) {
                classified.add(MaterializeStatements.classify(statement));
            }
        } catch (MzException e) {
            if (!looksMaterialize(sql)) {
                return forwardSimple(sql, List.of());
            }
            throw new SimpleQueryError(List.of(), Errors.of(e));
        }
        if (classified.stream().noneMatch(c -> c instanceof Classified.Materialize)) {
            return forwardSimple(sql, List.of());
        }
        List<StatementResult> results = new ArrayList<>();
        for (Classified c : classified) {
            try {
                if (c instanceof Classified.Materialize m) {
                    results.add(executor.execute(m.statement(), this));
                } else if (c instanceof Classified.PlainSql p) {
                    results.addAll(forwardSimple(p.sql(), List.of()));
                } else {
                    results.add(new StatementResult.Empty());
                }
            } catch (SqlError e) {
                throw new SimpleQueryError(results, e);
            } catch (SimpleQueryError e) {
                results.addAll(e.completed());
                throw new SimpleQueryError(results, e.error());
            }
        }
        return results;
    }

    @Override
    public Description describe(String sql, List<Integer> parameterTypes) throws SqlError {
        MzStatement statement = materialize(sql);
        if (statement == null) {
            beforeForwarding(sql);
            try {
                return super.describe(MaterializeTypes.rewrite(sql), parameterTypes);
            } catch (SqlError e) {
                throw asMaterialize(e);
            }
        }
        if (statement instanceof MzStatement.Show show) {
            try {
                return new Description(List.of(), StatementExecutor.columns(executor.show(show)), true);
            } catch (MzException e) {
                // e.g. SHOW … FROM an unknown schema or IN an unknown cluster: Materialize's error, not a crash
                throw Errors.of(e);
            }
        }
        if (statement instanceof MzStatement.ShowCluster) {
            return new Description(List.of(), List.of(dev.ingestrunbooks.sandbox.materialize.pgwire.Column.of(
                    "cluster", dev.ingestrunbooks.sandbox.materialize.pgwire.PgTypes.TEXT)), true);
        }
        return new Description(List.of(), List.of(), false);
    }

    @Override
    public StatementResult execute(String sql, List<Parameter> parameters) throws SqlError {
        MzStatement statement = materialize(sql);
        if (statement == null) {
            beforeForwarding(sql);
            try {
                return MaterializeTypes.adapt(super.execute(MaterializeTypes.rewrite(sql), parameters));
            } catch (SqlError e) {
                throw asMaterialize(e);
            }
        }
        return executor.execute(statement, this);
    }

    /** Runs SQL the emulator generated (e.g. a SHOW … WHERE filter) on the backing session. */
    StatementResult runOnBacking(String sql) throws SqlError {
        return super.execute(sql, List.of());
    }

    /** Forwards plain SQL after refreshing the catalog relations it mentions. */
    private List<StatementResult> forwardSimple(String sql, List<StatementResult> completed)
            throws SimpleQueryError {
        try {
            beforeForwarding(sql);
        } catch (SqlError e) {
            throw new SimpleQueryError(completed, e);
        }
        try {
            return MaterializeTypes.adapt(super.executeSimple(MaterializeTypes.rewrite(sql)));
        } catch (SimpleQueryError e) {
            throw new SimpleQueryError(MaterializeTypes.adapt(e.completed()), asMaterialize(e.error()));
        }
    }

    /**
     * The backing PostgreSQL's error as Materialize words it where the two differ: a relation that does not exist is
     * {@code unknown catalog item '<name>'}.
     */
    private static SqlError asMaterialize(SqlError e) {
        Matcher m = UNDEFINED_RELATION.matcher(String.valueOf(e.getMessage()));
        if ("42P01".equals(e.sqlState()) && m.matches()) {
            return Errors.of(MzErrors.unknownCatalogItem(m.group(1)));
        }
        return e;
    }

    /** Waits for snapshots being taken, fails reads of errored subsources, then refreshes the catalog relations {@code sql} mentions. */
    private void beforeForwarding(String sql) throws SqlError {
        sourceErrors.awaitSnapshots(sql);
        sourceErrors.check(sql);
        catalogTables.beforeForwarding(sql);
    }

    /** The Materialize statement {@code sql} is, or null for plain SQL (forwarded). */
    private static MzStatement materialize(String sql) throws SqlError {
        try {
            return MaterializeStatements.classify(sql) instanceof Classified.Materialize m ? m.statement() : null;
        } catch (MzException e) {
            if (!looksMaterialize(sql)) {
                return null;
            }
            throw Errors.of(e);
        }
    }

    /** Whether a statement the lexer or parser rejected starts like a Materialize statement. */
    private static boolean looksMaterialize(String sql) {
        return sql.strip().toLowerCase(java.util.Locale.ROOT).matches("(?s)(create|drop|alter)\\s+"
                + "(secret|connection|cluster|source|schema|materialized|index|default)\\b.*|drop\\s+view\\b.*"
                + "|(validate|show\\s+(sources|subsources|connections|secrets|clusters|views|materialized|indexes))"
                + "\\b.*|set\\s+cluster\\b.*");
    }
}
