package dev.ingestrunbooks.drivers;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** A query result as text, the way psql would show it (NULL stays null). */
public record ResultTable(List<String> columns, List<List<String>> rows) {

    public ResultTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
    }

    /** Reads the whole result set. */
    public static ResultTable of(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new ResultTable(columns, rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The value of {@code column} in the only (or first) row. */
    public String single(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new NoSuchElementException("no column " + column + " in " + columns);
        }
        if (rows.isEmpty()) {
            throw new NoSuchElementException("the query returned no rows");
        }
        return rows.get(0).get(index);
    }

    /** All values of {@code column}. */
    public List<String> column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new NoSuchElementException("no column " + column + " in " + columns);
        }
        return rows.stream().map(r -> r.get(index)).toList();
    }
}
