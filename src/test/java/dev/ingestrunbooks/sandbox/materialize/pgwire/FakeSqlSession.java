package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted {@link SqlSession} for dispatcher tests: {@code SELECT n} returns rows 1..n of one int4 column,
 * {@code BEGIN}/{@code COMMIT} move the status, {@code FAIL} fails (and fails the block when in one).
 */
class FakeSqlSession implements SqlSession {

    final List<String> executed = new ArrayList<>();
    TransactionStatus status = TransactionStatus.IDLE;

    @Override
    public List<StatementResult> executeSimple(String sql) throws SimpleQueryError {
        List<StatementResult> results = new ArrayList<>();
        for (String statement : sql.split(";")) {
            try {
                results.add(execute(statement.trim(), List.of()));
            } catch (SqlError e) {
                throw new SimpleQueryError(results, e);
            }
        }
        return results;
    }

    @Override
    public Description describe(String sql, List<Integer> parameterTypes) throws SqlError {
        if (sql.startsWith("SELECT")) {
            return new Description(parameterTypes, List.of(Column.of("n", PgTypes.INT4)), true);
        }
        return new Description(parameterTypes, List.of(), false);
    }

    @Override
    public StatementResult execute(String sql, List<Parameter> parameters) throws SqlError {
        executed.add(sql);
        if (status == TransactionStatus.FAILED && !sql.equals("ROLLBACK")) {
            throw SqlError.error("25P02", "current transaction is aborted");
        }
        switch (sql) {
            case "" -> {
                return new StatementResult.Empty();
            }
            case "BEGIN" -> status = TransactionStatus.IN_BLOCK;
            case "DEALLOCATE ALL" -> {
                return new StatementResult.Command(sql);
            }
            case "COMMIT", "ROLLBACK" -> status = TransactionStatus.IDLE;
            case "FAIL" -> {
                if (status == TransactionStatus.IN_BLOCK) {
                    status = TransactionStatus.FAILED;
                }
                throw SqlError.error("42601", "syntax error");
            }
            default -> {
                int n = Integer.parseInt(sql.substring("SELECT ".length()));
                List<byte[][]> rows = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    rows.add(new byte[][] {String.valueOf(i).getBytes(StandardCharsets.UTF_8)});
                }
                return new StatementResult.Rows(List.of(Column.of("n", PgTypes.INT4)), rows, "SELECT " + n);
            }
        }
        return new StatementResult.Command(sql);
    }

    @Override
    public TransactionStatus transactionStatus() {
        return status;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }
}
