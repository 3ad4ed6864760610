package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.ParameterList;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.SqlCommand;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * One client session of {@link BackingPostgresEngine}: statements go to the backing connection through pgJDBC's
 * {@link QueryExecutor} (not the JDBC statement API) so that the SQL, its {@code $n} parameters, the exact command
 * tags, the field type OIDs and the text-format values pass through unchanged. Simple queries go as one simple
 * Query message, so several statements keep PostgreSQL's implicit-transaction semantics.
 *
 * <p>Limits: relies on pgJDBC's internal {@code org.postgresql.core} API (pinned version); results are read whole
 * (no backing cursor); only application_name, DateStyle, IntervalStyle and TimeZone changes are relayed, and a
 * DateStyle that is not ISO breaks the backing connection (pgJDBC refuses it).
 */
final class BackingSession implements SqlSession {

    /** Text results, unnamed statements, and no BEGIN of pgJDBC's own: the client's BEGIN/COMMIT rule. */
    private static final int TEXT_ONLY = QueryExecutor.QUERY_NO_BINARY_TRANSFER | QueryExecutor.QUERY_ONESHOT
            | QueryExecutor.QUERY_SUPPRESS_BEGIN;

    private final PgConnection connection;
    private final QueryExecutor executor;
    /** The reported parameters a client can change with SET and that the server announced at startup. */
    private static final List<String> RELAYED_PARAMETERS = List.of("application_name", "DateStyle", "IntervalStyle",
            "TimeZone");

    private final List<SqlError> notices = new ArrayList<>();
    private final java.util.Map<String, String> reported = new java.util.HashMap<>();
    private volatile boolean running;
    /** Set once a cancel request went out: its signal may land late, so the connection is never reused. */
    private volatile boolean cancelled;
    private final BackingPostgresEngine.Release release;

    /** {@code release} takes the connection back at close when it is reusable; else the connection is closed. */
    BackingSession(PgConnection connection, BackingPostgresEngine.Release release) {
        this.connection = connection;
        this.release = release;
        this.executor = connection.getQueryExecutor();
        for (String name : RELAYED_PARAMETERS) {
            reported.put(name, executor.getParameterStatus(name));
        }
    }

    @Override
    public List<StatementResult> executeSimple(String sql) throws SimpleQueryError {
        ResultCollector collector = new ResultCollector();
        try {
            run(query(sql, 0, true), null, collector, TEXT_ONLY | QueryExecutor.QUERY_EXECUTE_AS_SIMPLE
                    | QueryExecutor.QUERY_BOTH_ROWS_AND_STATUS);
            return collector.results();
        } catch (SQLException e) {
            throw new SimpleQueryError(collector.results(), toSqlError(e));
        }
    }

    @Override
    public Description describe(String sql, List<Integer> parameterTypes) throws SqlError {
        int count = Math.max(parameterTypes.size(), ParameterCount.highestPlaceholder(sql));
        Query query = query(sql, count, false);
        ParameterList parameters = query.createParameterList();
        ResultCollector collector = new ResultCollector();
        try {
            for (int i = 0; i < count; i++) {
                parameters.setNull(i + 1, i < parameterTypes.size() ? parameterTypes.get(i) : 0);
            }
            run(query, parameters, collector, TEXT_ONLY | QueryExecutor.QUERY_DESCRIBE_ONLY);
        } catch (SQLException e) {
            throw toSqlError(e);
        }
        List<Integer> resolved = new ArrayList<>(count);
        for (int oid : parameters.getTypeOIDs()) {
            resolved.add(oid);
        }
        List<Column> columns = collector.returnedRows() ? collector.describedColumns() : List.of();
        return new Description(resolved, columns, collector.returnedRows());
    }

    @Override
    public StatementResult execute(String sql, List<Parameter> parameters) throws SqlError {
        Query query = query(sql, parameters.size(), false);
        ParameterList bound = query.createParameterList();
        ResultCollector collector = new ResultCollector();
        try {
            for (int i = 0; i < parameters.size(); i++) {
                bind(bound, i + 1, parameters.get(i));
            }
            run(query, bound, collector, TEXT_ONLY | QueryExecutor.QUERY_BOTH_ROWS_AND_STATUS);
        } catch (SQLException e) {
            throw toSqlError(e);
        }
        List<StatementResult> results = collector.results();
        return results.isEmpty() ? new StatementResult.Empty() : results.get(0);
    }

    private static void bind(ParameterList list, int index, Parameter parameter) throws SQLException {
        if (parameter.value() == null) {
            list.setNull(index, parameter.typeOid());
        } else if (parameter.binary()) {
            list.setBinaryParameter(index, parameter.value(), parameter.typeOid());
        } else {
            list.setStringParameter(index, new String(parameter.value(), java.nio.charset.StandardCharsets.UTF_8),
                    parameter.typeOid());
        }
    }

    private Query query(String sql, int parameterCount, boolean multiStatement) {
        return executor.wrap(List.of(new NativeQuery(sql, new int[parameterCount], multiStatement,
                SqlCommand.BLANK)));
    }

    private void run(Query query, ParameterList parameters, ResultCollector collector, int flags)
            throws SQLException {
        running = true;
        try {
            executor.execute(query, parameters, collector, 0, 0, flags);
        } finally {
            running = false;
            notices.addAll(collector.notices());
        }
    }

    @Override
    public List<SqlError> takeNotices() {
        List<SqlError> taken = List.copyOf(notices);
        notices.clear();
        return taken;
    }

    @Override
    public java.util.Map<String, String> takeParameterChanges() {
        java.util.Map<String, String> changes = new java.util.LinkedHashMap<>();
        for (String name : RELAYED_PARAMETERS) {
            String value = executor.getParameterStatus(name);
            if (value != null && !value.equals(reported.get(name))) {
                changes.put(name, value);
                reported.put(name, value);
            }
        }
        return changes;
    }

    @Override
    public TransactionStatus transactionStatus() {
        return switch (executor.getTransactionState()) {
            case IDLE -> TransactionStatus.IDLE;
            case OPEN -> TransactionStatus.IN_BLOCK;
            case FAILED -> TransactionStatus.FAILED;
        };
    }

    @Override
    public void cancel() {
        if (!running) {
            return;
        }
        cancelled = true;
        try {
            connection.cancelQuery();
        } catch (SQLException e) {
            // the statement may have finished meanwhile; nothing to cancel then
        }
    }

    @Override
    public void close() {
        if (!running && !cancelled && !executor.isClosed()
                && executor.getTransactionState() == org.postgresql.core.TransactionState.IDLE) {
            release.release(connection);
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the backing connection is gone already
        }
    }

    /** PostgreSQL's own error fields when the backing server sent them, else the driver's SQLSTATE. */
    static SqlError toSqlError(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            String severity = "FATAL".equals(server.getSeverity()) || "PANIC".equals(server.getSeverity())
                    ? "ERROR" : server.getSeverity();
            return new SqlError(severity == null ? "ERROR" : severity, server.getSQLState(), server.getMessage(),
                    server.getDetail(), server.getHint());
        }
        String state = e.getSQLState() != null ? e.getSQLState() : "XX000";
        return SqlError.error(state, e.getMessage());
    }
}
