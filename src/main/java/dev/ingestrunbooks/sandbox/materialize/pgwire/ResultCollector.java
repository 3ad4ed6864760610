package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.Field;
import org.postgresql.core.Query;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.Tuple;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Collects what the backing server answers, statement by statement, as {@link StatementResult}s: a row set is
 * paired with the command tag that follows it; {@code EMPTY} is pgJDBC's word for EmptyQueryResponse.
 */
final class ResultCollector extends ResultHandlerBase {

    private final List<StatementResult> results = new ArrayList<>();
    private List<Column> columns;
    private List<byte[][]> rows;
    private List<Column> described;
    private final List<SqlError> notices = new ArrayList<>();

    @Override
    public void handleResultRows(Query fromQuery, Field[] fields, List<Tuple> tuples, ResultCursor cursor) {
        columns = new ArrayList<>(fields.length);
        for (Field field : fields) {
            columns.add(new Column(field.getColumnLabel(), field.getTableOid(), (short) field.getPositionInTable(),
                    field.getOID(), field.getLength(), field.getMod()));
        }
        described = columns;
        rows = new ArrayList<>(tuples.size());
        for (Tuple tuple : tuples) {
            byte[][] row = new byte[fields.length][];
            for (int i = 0; i < fields.length; i++) {
                row[i] = tuple.get(i);
            }
            rows.add(row);
        }
    }

    @Override
    public void handleCommandStatus(String status, long updateCount, long insertOID) {
        if (columns != null) {
            results.add(new StatementResult.Rows(columns, rows, status));
            columns = null;
            rows = null;
        } else if ("EMPTY".equals(status)) {
            results.add(new StatementResult.Empty());
        } else {
            results.add(new StatementResult.Command(status));
        }
    }

    /** A NOTICE/WARNING of the backing server, kept for {@link SqlSession#takeNotices()}. */
    @Override
    public void handleWarning(SQLWarning warning) {
        ServerErrorMessage server = warning instanceof PSQLWarning psql ? psql.getServerErrorMessage() : null;
        notices.add(server == null
                ? new SqlError("WARNING", warning.getSQLState() == null ? "01000" : warning.getSQLState(),
                        warning.getMessage(), null, null)
                : new SqlError(server.getSeverity(), server.getSQLState(), server.getMessage(), server.getDetail(),
                        server.getHint()));
    }

    List<SqlError> notices() {
        return notices;
    }

    /** The results so far; a row set still waiting for its tag is closed with {@code SELECT n}. */
    List<StatementResult> results() {
        List<StatementResult> all = new ArrayList<>(results);
        if (columns != null) {
            all.add(new StatementResult.Rows(columns, rows, "SELECT " + rows.size()));
        }
        return all;
    }

    /** The columns of the last RowDescription (Describe), or null if there was none (NoData). */
    List<Column> describedColumns() {
        return described;
    }

    boolean returnedRows() {
        return described != null;
    }
}
