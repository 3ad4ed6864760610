package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes one subsource's staged changes ({@link RowDelta}) to its backing table with two set-based statements,
 * whatever the number of rows: the removals, then the additions. Values travel as one {@code text[]} parameter per
 * column and are cast to the column's type on the server.
 *
 * <p>With REPLICA IDENTITY FULL a row to remove is matched on every column by its text form in the backing's own
 * output ({@code col::text IS NOT DISTINCT FROM CAST(? AS type)::text}): exact identity, NULLs included, also for
 * types without an equality operator such as {@code json}. For each distinct row, exactly as many copies as the
 * delta removes are picked by {@code ctid} ({@code LIMIT n}), so duplicate rows stay correct; fewer matches than
 * expected is an error (the replica diverged). The backing table gets an index on its first column with an
 * equality operator, and removals probe it ({@code =}, or {@code IS NULL}: one statement per case), so a removal
 * is an index lookup rather than a scan. Prepared statements belong to one connection: {@link #reset()} forgets
 * them.
 */
final class RowWriter {

    /** json, xml and the geometric types: no equality operator. */
    private static final Set<Integer> NO_EQUALITY = Set.of(114, 142, 600, 601, 602, 603, 604, 628, 718, 199);

    private final String target;
    private final List<UpstreamColumn> columns;
    /** The indexed column's position, -1 when no column has an equality operator. */
    private final int indexed;
    private PreparedStatement insert;
    private PreparedStatement removeIndexed;
    private PreparedStatement removeIndexedNull;

    RowWriter(String quotedTarget, List<UpstreamColumn> columns) {
        this.target = quotedTarget;
        this.columns = List.copyOf(columns);
        this.indexed = IntStream.range(0, columns.size())
                .filter(i -> !NO_EQUALITY.contains(columns.get(i).typeOid())).findFirst().orElse(-1);
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the upstream's column names and types (no constraints). */
    void createTable(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + target + " (" + columns.stream()
                .map(col -> Sql.ident(col.name()) + " " + col.typeName()).collect(Collectors.joining(", ")) + ")");
        if (indexed >= 0) {
            Sql.execute(c, "CREATE INDEX IF NOT EXISTS " + Sql.ident(indexName()) + " ON " + target + " ("
                    + Sql.ident(columns.get(indexed).name()) + ")");
        }
    }

    private String indexName() {
        return (target.replace("\"", "").replace('.', '_') + "_mz_match").replaceAll("^(.{50}).*", "$1");
    }

    /** The column list, quoted, for COPY. */
    String columnList() {
        return columns.stream().map(col -> Sql.ident(col.name())).collect(Collectors.joining(", "));
    }

    /** Writes and clears {@code delta}: removals first, then additions. */
    void apply(Connection c, RowDelta delta) throws SQLException {
        Map<List<String>, Integer> removals = delta.removalCounts();
        if (!removals.isEmpty()) {
            List<List<String>> probeValue = new ArrayList<>();
            List<Integer> probeValueCounts = new ArrayList<>();
            List<List<String>> probeNull = new ArrayList<>();
            List<Integer> probeNullCounts = new ArrayList<>();
            removals.forEach((row, count) -> {
                boolean isNull = indexed >= 0 && row.get(indexed) == null;
                (isNull ? probeNull : probeValue).add(row);
                (isNull ? probeNullCounts : probeValueCounts).add(count);
            });
            remove(c, false, probeValue, probeValueCounts);
            remove(c, true, probeNull, probeNullCounts);
        }
        List<List<String>> additions = delta.additions();
        if (!additions.isEmpty()) {
            if (insert == null) {
                insert = c.prepareStatement("INSERT INTO " + target + " (" + columnList() + ") SELECT "
                        + IntStream.range(0, columns.size()).mapToObj(i -> cast("d.c" + i, columns.get(i)))
                                .collect(Collectors.joining(", "))
                        + " FROM " + unnest(false));
            }
            bindColumns(c, insert, additions);
            insert.executeUpdate();
        }
        delta.clear();
    }

    /** Prepared statements belong to one connection; forget them when it changes. */
    void reset() {
        insert = null;
        removeIndexed = null;
        removeIndexedNull = null;
    }

    private void remove(Connection c, boolean indexedIsNull, List<List<String>> rows, List<Integer> counts)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement remove = indexedIsNull ? removeIndexedNull : removeIndexed;
        if (remove == null) {
            remove = c.prepareStatement(removeSql(indexedIsNull));
            if (indexedIsNull) {
                removeIndexedNull = remove;
            } else {
                removeIndexed = remove;
            }
        }
        bindColumns(c, remove, rows);
        remove.setArray(columns.size() + 1, c.createArrayOf("int4", counts.toArray()));
        int expected = counts.stream().mapToInt(Integer::intValue).sum();
        int removed = remove.executeUpdate();
        if (removed != expected) {
            throw new IllegalStateException("cannot apply changes to " + target + ": " + (expected - removed)
                    + " of " + expected + " rows to delete or update were not found");
        }
    }

    /**
     * {@code DELETE … WHERE ctid = ANY(ARRAY(…))} over the distinct rows to remove, each with a lateral
     * {@code LIMIT n} lookup through the index.
     */
    private String removeSql(boolean indexedIsNull) {
        List<String> match = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = "x." + Sql.ident(columns.get(i).name());
            if (i == indexed) {
                match.add(indexedIsNull ? column + " IS NULL" : column + " = " + cast("d.c" + i, columns.get(i)));
            }
            if (i != indexed || !indexedIsNull) {
                match.add(column + "::text IS NOT DISTINCT FROM " + cast("d.c" + i, columns.get(i)) + "::text");
            }
        }
        return "DELETE FROM " + target + " WHERE ctid = ANY (ARRAY(SELECT m.ctid FROM " + unnest(true)
                + " CROSS JOIN LATERAL (SELECT x.ctid FROM " + target + " x WHERE " + String.join(" AND ", match)
                + " LIMIT d.n) m))";
    }

    /** {@code unnest(?::text[], …[, ?::int[]]) AS d(c0, …[, n])}: one array parameter per column. */
    private String unnest(boolean withCounts) {
        String arrays = columns.stream().map(col -> "?::text[]").collect(Collectors.joining(", "));
        String names = IntStream.range(0, columns.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        return "unnest(" + arrays + (withCounts ? ", ?::int[]" : "") + ") AS d(" + names
                + (withCounts ? ", n" : "") + ")";
    }

    private static String cast(String expression, UpstreamColumn column) {
        return "CAST(" + expression + " AS " + column.typeName() + ")";
    }

    private void bindColumns(Connection c, PreparedStatement ps, List<List<String>> rows) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r).get(i);
            }
            Array array = c.createArrayOf("text", values);
            ps.setArray(i + 1, array);
        }
    }
}
