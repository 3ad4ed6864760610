package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/** The outcome of one statement, as an engine hands it to the protocol layer. */
public sealed interface StatementResult {

    /** Rows in text format (each value UTF-8 text bytes or null) and the command tag, e.g. {@code SELECT 3}. */
    record Rows(List<Column> columns, List<byte[][]> rows, String tag) implements StatementResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** A statement without rows and its command tag, e.g. {@code INSERT 0 1}, {@code BEGIN}. */
    record Command(String tag) implements StatementResult {
    }

    /** An empty query string (EmptyQueryResponse). */
    record Empty() implements StatementResult {
    }
}
