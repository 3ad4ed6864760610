package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes one subsource's changes to its backing table. Values arrive as text and are cast to the column's type;
 * with REPLICA IDENTITY FULL the old row is matched on every column ({@code IS NOT DISTINCT FROM}, compared as
 * the type's text output so that types without an equality operator such as {@code json} work too), and exactly
 * one matching row is updated or deleted, chosen by {@code ctid}, so duplicate rows stay correct.
 *
 * <p>Limits: each update/delete scans the table (backing tables have no index).
 */
final class RowWriter {

    private final String target;
    private final List<UpstreamColumn> columns;
    private PreparedStatement insert;
    private PreparedStatement update;
    private PreparedStatement delete;

    RowWriter(String quotedTarget, List<UpstreamColumn> columns) {
        this.target = quotedTarget;
        this.columns = List.copyOf(columns);
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the upstream's column names and types (no constraints). */
    void createTable(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + target + " (" + columns.stream()
                .map(col -> Sql.ident(col.name()) + " " + col.typeName()).collect(Collectors.joining(", ")) + ")");
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
        if (update == null) {
            update = c.prepareStatement("UPDATE " + target + " SET " + columns.stream()
                    .map(col -> Sql.ident(col.name()) + " = " + cast(col)).collect(Collectors.joining(", "))
                    + " WHERE ctid = " + oneMatchingRow());
        }
        bind(update, 1, newRow);
        bind(update, columns.size() + 1, oldRow);
        expectOneRow(update.executeUpdate(), "update", oldRow);
    }

    void delete(Connection c, List<String> oldRow) throws SQLException {
        if (delete == null) {
            delete = c.prepareStatement("DELETE FROM " + target + " WHERE ctid = " + oneMatchingRow());
        }
        bind(delete, 1, oldRow);
        expectOneRow(delete.executeUpdate(), "delete", oldRow);
    }

    /** Prepared statements belong to one connection; forget them when it changes. */
    void reset() {
        insert = null;
        update = null;
        delete = null;
    }

    private String oneMatchingRow() {
        return "(SELECT ctid FROM " + target + " WHERE " + columns.stream()
                .map(col -> Sql.ident(col.name()) + "::text IS NOT DISTINCT FROM " + cast(col) + "::text")
                .collect(Collectors.joining(" AND ")) + " LIMIT 1)";
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
