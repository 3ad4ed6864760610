package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes one subsource's staged changes ({@link RowDelta}) to its backing table with a few set-based statements
 * ({@link DeltaSql}), whatever the number of rows: each distinct removed row is paired with one added row and
 * updated in place, then the remaining removals are deleted and the remaining additions inserted. Fewer matching
 * rows than the delta removes is an error (the replica diverged from the upstream).
 *
 * <p>The backing table gets an index on its first column with an equality operator, which the row matching
 * probes, so that a removal is an index lookup rather than a scan: a btree, or a hash index for types whose values
 * can be too large for a btree (text, bytea, jsonb, arrays; docs/materialize.md §7.4), which the
 * {@code IS NULL} probe of a NULL in that column cannot use. Prepared statements belong to one connection:
 * {@link #reset()} forgets them.
 *
 * <p>Threads: {@link #prepare} needs no connection and runs on the streaming thread; a {@link Write} runs on the
 * applier's writer thread, the one thread that uses the prepared statements (their cache is reset only while no
 * write is outstanding).
 */
final class RowWriter {

    /** json, xml and the geometric types: no equality operator. */
    private static final Set<Integer> NO_EQUALITY = Set.of(114, 142, 600, 601, 602, 603, 604, 628, 718, 199);
    /**
     * text, varchar, bpchar, bytea, jsonb: values of any size (TOASTed, several MB), which a btree cannot index (an
     * index row holds at most about 2.7 kB: {@code index row requires 3200016 bytes, maximum size is 8191}); a hash
     * index keeps only the value's hash. Arrays likewise, except int2vector[] (int2vector has no hash opclass).
     */
    private static final Set<Integer> HASH_INDEXED = Set.of(25, 1043, 1042, 17, 3802);
    private static final int INT2VECTOR_ARRAY = 1006;
    /**
     * Backing tables keep a fifth of each page free, so that an update that leaves the indexed column alone can put
     * the new row version on the same page without a new index entry (a HOT update) instead of on another page with
     * one: a 5,000-row update took 52 instead of 59 ms on the server. The snapshot writes a quarter more pages.
     */
    private static final int FILLFACTOR = 80;

    private final String target;
    private final List<UpstreamColumn> columns;
    /** The indexed column's position, -1 when no column has an equality operator. */
    private final int indexed;
    private final DeltaSql sql;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    RowWriter(String quotedTarget, List<UpstreamColumn> columns) {
        this.target = quotedTarget;
        this.columns = List.copyOf(columns);
        this.indexed = IntStream.range(0, columns.size())
                .filter(i -> !NO_EQUALITY.contains(columns.get(i).typeOid())).findFirst().orElse(-1);
        this.sql = new DeltaSql(target, this.columns, indexed);
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} with the upstream's column names and types (no constraints). The matching
     * index comes separately ({@link #createIndex}), after a snapshot's bulk load: building it once over the loaded
     * rows is about twice as fast as maintaining it row by row during the COPY.
     */
    void createTable(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + target + " (" + columns.stream()
                .map(col -> Sql.ident(col.name()) + " " + col.typeName()).collect(Collectors.joining(", "))
                + ") WITH (fillfactor = " + FILLFACTOR + ")");
    }

    /** The index on the first column with an equality operator, which the row matching probes (if there is one). */
    void createIndex(Connection c) throws SQLException {
        if (indexed >= 0) {
            UpstreamColumn column = columns.get(indexed);
            boolean hash = HASH_INDEXED.contains(column.typeOid())
                    || column.typeName().endsWith("[]") && column.typeOid() != INT2VECTOR_ARRAY;
            Sql.execute(c, "CREATE INDEX IF NOT EXISTS " + Sql.ident(indexName()) + " ON " + target
                    + (hash ? " USING hash (" : " (") + Sql.ident(column.name()) + ")");
        }
    }

    private String indexName() {
        return (target.replace("\"", "").replace('.', '_') + "_mz_match").replaceAll("^(.{50}).*", "$1");
    }

    /** The column list, quoted, for COPY. */
    String columnList() {
        return columns.stream().map(col -> Sql.ident(col.name())).collect(Collectors.joining(", "));
    }

    /**
     * The upstream's columns, each cast to its backing column's type ({@code text} for a TEXT COLUMNS column,
     * {@code jsonb} for {@code json}, else its own type), so that a binary COPY out of the upstream has exactly the
     * backing table's built-in types.
     */
    String castColumnList() {
        return columns.stream().map(col -> "CAST(" + Sql.ident(col.name()) + " AS " + col.typeName() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * One statement of a delta's write, ready to run: its parameters are the array literals (and, for a removal, the
     * copies per row), built without a connection, so that the next write can be prepared while this one runs.
     */
    record Write(RowWriter writer, String kind, String sql, List<String> parameters, int expectedRows) {
        /** Runs the statement and checks that it touched {@link #expectedRows} rows (-1: any number, an insert). */
        void execute(Connection c) throws SQLException {
            PreparedStatement statement = writer.statement(c, kind, sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i), Types.OTHER);
            }
            int count = statement.executeUpdate();
            if (expectedRows >= 0) {
                writer.expect(count, expectedRows);
            }
        }
    }

    /**
     * Turns {@code delta} into at most five statements and clears it: removed rows paired with added ones are updated
     * in place (one statement for rows whose indexed column is NULL, one for the rest), the other removals deleted
     * (likewise), the other additions inserted.
     */
    List<Write> prepare(RowDelta delta) {
        List<List<String>> additions = delta.additions();
        List<List<String>> updatedOld = new ArrayList<>();
        List<List<String>> updatedNew = new ArrayList<>();
        Map<List<String>, Integer> removals = new LinkedHashMap<>();
        delta.removalCounts().forEach((row, copies) -> {
            if (updatedNew.size() < additions.size()) {
                updatedOld.add(row);
                updatedNew.add(additions.get(updatedNew.size()));
                copies--;
            }
            if (copies > 0) {
                removals.put(row, copies);
            }
        });
        List<Write> writes = new ArrayList<>(5);
        for (boolean indexedIsNull : new boolean[] {false, true}) {
            List<List<String>> old = new ArrayList<>();
            List<List<String>> fresh = new ArrayList<>();
            for (int i = 0; i < updatedOld.size(); i++) {
                if (indexedIsNull(updatedOld.get(i)) == indexedIsNull) {
                    old.add(updatedOld.get(i));
                    fresh.add(updatedNew.get(i));
                }
            }
            if (!old.isEmpty()) {
                List<String> parameters = columnArrays(old);
                parameters.addAll(columnArrays(fresh));
                writes.add(new Write(this, "update" + indexedIsNull, sql.update(indexedIsNull), parameters,
                        old.size()));
            }
            Map<List<String>, Integer> remove = new LinkedHashMap<>();
            removals.forEach((row, copies) -> {
                if (indexedIsNull(row) == indexedIsNull) {
                    remove.put(row, copies);
                }
            });
            if (!remove.isEmpty()) {
                List<String> parameters = columnArrays(new ArrayList<>(remove.keySet()));
                parameters.add(remove.values().stream().map(String::valueOf)
                        .collect(Collectors.joining(",", "{", "}")));
                writes.add(new Write(this, "remove" + indexedIsNull, sql.remove(indexedIsNull), parameters,
                        remove.values().stream().mapToInt(Integer::intValue).sum()));
            }
        }
        if (updatedNew.size() < additions.size()) {
            writes.add(new Write(this, "insert", sql.insert(),
                    columnArrays(additions.subList(updatedNew.size(), additions.size())), -1));
        }
        delta.clear();
        return writes;
    }

    /** Prepared statements belong to one connection; forget them when it changes. */
    void reset() {
        statements.clear();
    }

    private boolean indexedIsNull(List<String> row) {
        return indexed >= 0 && row.get(indexed) == null;
    }

    private PreparedStatement statement(Connection c, String kind, String text) throws SQLException {
        PreparedStatement statement = statements.get(kind);
        if (statement == null) {
            statement = c.prepareStatement(text);
            statements.put(kind, statement);
        }
        return statement;
    }

    /** Removals are paired with additions freely, so the error does not say which change it was. */
    private void expect(int count, int expected) {
        if (count != expected) {
            throw new IllegalStateException("cannot apply changes to " + target + ": " + (expected - count) + " of "
                    + expected + " rows to update or delete were not found");
        }
    }

    /**
     * Each column's values as one array literal of unspecified type, which the statement's {@code ?::type[]} types
     * ({@link DeltaSql#arrayType}).
     */
    private List<String> columnArrays(List<List<String>> rows) {
        List<String> arrays = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            arrays.add(PgQuote.arrayLiteral(rows.stream().map(row -> row.get(column)).toList()));
        }
        return arrays;
    }
}
