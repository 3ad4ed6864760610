package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes one subsource's changes to its backing table. Values arrive as text and are cast to the column's type;
 * with REPLICA IDENTITY FULL the old row is matched on every column ({@code = value}, or {@code IS NULL}: one
 * statement per pattern of NULLs; types without an equality operator such as {@code json} are compared as text),
 * and exactly one matching row is updated or deleted, chosen by {@code ctid}, so duplicate rows stay correct.
 * The backing table gets an index on its first comparable column so that this match is not a full scan.
 */
final class RowWriter {

    /** json, xml and the geometric types: no equality operator. */
    private static final Set<Integer> NO_EQUALITY = Set.of(114, 142, 600, 601, 602, 603, 604, 628, 718, 199);

    private final String target;
    private final List<UpstreamColumn> columns;
    private PreparedStatement insert;
    private final Map<String, PreparedStatement> updates = new HashMap<>();
    private final Map<String, PreparedStatement> deletes = new HashMap<>();

    RowWriter(String quotedTarget, List<UpstreamColumn> columns) {
        this.target = quotedTarget;
        this.columns = List.copyOf(columns);
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the upstream's column names and types (no constraints). */
    void createTable(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + target + " (" + columns.stream()
                .map(col -> Sql.ident(col.name()) + " " + col.typeName()).collect(Collectors.joining(", ")) + ")");
        columns.stream().filter(col -> !NO_EQUALITY.contains(col.typeOid())).findFirst().ifPresent(col -> {
            try {
                Sql.execute(c, "CREATE INDEX IF NOT EXISTS " + Sql.ident(indexName()) + " ON " + target + " ("
                        + Sql.ident(col.name()) + ")");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot index " + target + ": " + e.getMessage(), e);
            }
        });
    }

    private String indexName() {
        return (target.replace("\"", "").replace('.', '_') + "_mz_match").replaceAll("^(.{50}).*", "$1");
    }

    /** The column list, quoted, for COPY. */
    String columnList() {
        return columns.stream().map(col -> Sql.ident(col.name())).collect(Collectors.joining(", "));
    }

    void insert(Connection c, List<String> row) throws SQLException {
        if (insert == null) {
            insert = c.prepareStatement("INSERT INTO " + target + " (" + columnList() + ") VALUES ("
                    + columns.stream().map(RowWriter::cast).collect(Collectors.joining(", ")) + ")");
        }
        bind(insert, 1, row);
        insert.executeUpdate();
    }

    void update(Connection c, List<String> oldRow, List<String> newRow) throws SQLException {
        String pattern = nulls(oldRow);
        PreparedStatement update = updates.get(pattern);
        if (update == null) {
            update = c.prepareStatement("UPDATE " + target + " SET " + columns.stream()
                    .map(col -> Sql.ident(col.name()) + " = " + cast(col)).collect(Collectors.joining(", "))
                    + " WHERE ctid = " + oneMatchingRow(oldRow));
            updates.put(pattern, update);
        }
        bind(update, 1, newRow);
        bindNonNull(update, columns.size() + 1, oldRow);
        expectOneRow(update.executeUpdate(), "update", oldRow);
    }

    void delete(Connection c, List<String> oldRow) throws SQLException {
        String pattern = nulls(oldRow);
        PreparedStatement delete = deletes.get(pattern);
        if (delete == null) {
            delete = c.prepareStatement("DELETE FROM " + target + " WHERE ctid = " + oneMatchingRow(oldRow));
            deletes.put(pattern, delete);
        }
        bindNonNull(delete, 1, oldRow);
        expectOneRow(delete.executeUpdate(), "delete", oldRow);
    }

    /** Prepared statements belong to one connection; forget them when it changes. */
    void reset() {
        insert = null;
        updates.clear();
        deletes.clear();
    }

    private String oneMatchingRow(List<String> oldRow) {
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            UpstreamColumn col = columns.get(i);
            where.append(i == 0 ? "" : " AND ").append(Sql.ident(col.name()));
            if (oldRow.get(i) == null) {
                where.append(" IS NULL");
            } else if (NO_EQUALITY.contains(col.typeOid())) {
                where.append("::text = ").append(cast(col)).append("::text");
            } else {
                where.append(" = ").append(cast(col));
            }
        }
        return "(SELECT ctid FROM " + target + " WHERE " + where + " LIMIT 1)";
    }

    private static String nulls(List<String> row) {
        StringBuilder pattern = new StringBuilder(row.size());
        row.forEach(v -> pattern.append(v == null ? 'n' : 'v'));
        return pattern.toString();
    }

    private static void bindNonNull(PreparedStatement ps, int first, List<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            if (value != null) {
                ps.setString(index++, value);
            }
        }
    }

    private static String cast(UpstreamColumn column) {
        return "CAST(? AS " + column.typeName() + ")";
    }

    private static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private void expectOneRow(int count, String what, List<String> oldRow) {
        if (count != 1) {
            throw new IllegalStateException("cannot " + what + " in " + target + ": no row " + oldRow);
        }
    }
}
