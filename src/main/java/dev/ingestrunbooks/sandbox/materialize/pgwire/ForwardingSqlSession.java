package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;
import java.util.Map;

/**
 * A {@link SqlSession} that forwards every call to another session: the base of a statement layer that answers
 * some statements itself (Materialize's CREATE SOURCE, SHOW, …) and leaves the rest, notices, parameter changes,
 * transaction status and cancellation to the session underneath (e.g. {@link BackingPostgresEngine}'s).
 */
public abstract class ForwardingSqlSession implements SqlSession {

    private final SqlSession delegate;

    protected ForwardingSqlSession(SqlSession delegate) {
        this.delegate = delegate;
    }

    protected SqlSession delegate() {
        return delegate;
    }

    @Override
    public List<StatementResult> executeSimple(String sql) throws SimpleQueryError {
        return delegate.executeSimple(sql);
    }

    @Override
    public Description describe(String sql, List<Integer> parameterTypes) throws SqlError {
        return delegate.describe(sql, parameterTypes);
    }

    @Override
    public StatementResult execute(String sql, List<Parameter> parameters) throws SqlError {
        return delegate.execute(sql, parameters);
    }

    @Override
    public List<SqlError> takeNotices() {
        return delegate.takeNotices();
    }

    @Override
    public Map<String, String> takeParameterChanges() {
        return delegate.takeParameterChanges();
    }

    @Override
    public TransactionStatus transactionStatus() {
        return delegate.transactionStatus();
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
