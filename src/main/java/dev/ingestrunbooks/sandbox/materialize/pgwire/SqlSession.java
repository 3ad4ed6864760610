package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/**
 * One client's SQL session: runs statements and knows its transaction status. Called by one connection thread,
 * except {@link #cancel()}, which a CancelRequest calls from another thread.
 */
public interface SqlSession extends AutoCloseable {

    /** Runs a simple-protocol query string, which may hold several statements; one result per statement. */
    List<StatementResult> executeSimple(String sql) throws SimpleQueryError;

    /** Describes a statement with the parameter types the client declared (0 = unspecified). */
    Description describe(String sql, List<Integer> parameterTypes) throws SqlError;

    /** Executes one statement with bound parameters; rows come back in text format. */
    StatementResult execute(String sql, List<Parameter> parameters) throws SqlError;

    /**
     * Notices and warnings raised since the last call (severity NOTICE, WARNING, …), oldest first; the protocol
     * layer sends them as NoticeResponse before the results of the call that raised them.
     */
    default List<SqlError> takeNotices() {
        return List.of();
    }

    /**
     * Session parameters the client was told about (ParameterStatus) whose value changed since the last call,
     * e.g. after {@code SET TimeZone}; the protocol layer relays each as a ParameterStatus.
     */
    default java.util.Map<String, String> takeParameterChanges() {
        return java.util.Map.of();
    }

    /** The status the next ReadyForQuery reports. */
    TransactionStatus transactionStatus();

    /** Cancels the statement running now, if any (CancelRequest). */
    void cancel();

    @Override
    void close();

    /** A simple query failed part-way: the results of the statements before the failing one, then the error. */
    final class SimpleQueryError extends Exception {
        private final List<StatementResult> completed;
        private final SqlError error;

        public SimpleQueryError(List<StatementResult> completed, SqlError error) {
            super(error.getMessage(), null, false, false);
            this.completed = List.copyOf(completed);
            this.error = error;
        }

        public List<StatementResult> completed() {
            return completed;
        }

        public SqlError error() {
            return error;
        }
    }
}
