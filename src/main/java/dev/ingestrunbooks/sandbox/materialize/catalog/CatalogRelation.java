package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A snapshot of one catalog relation or SHOW result: Materialize's column names and types, and rows of Java
 * values ({@code String}, {@code Long}, {@code Integer}, {@code Boolean} or {@code null}), ready for the emulator
 * to load into a backing table.
 *
 * @param name    the relation's qualified name ({@code mz_catalog.mz_sources}) or the SHOW statement
 * @param columns the columns, in Materialize's order
 * @param rows    the rows; each has one value per column
 */
public record CatalogRelation(String name, List<Column> columns, List<List<Object>> rows) {
    /** Copies the lists (rows may hold nulls, so they are copied with unmodifiable wrappers). */
    public CatalogRelation {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": row " + row + " does not match " + columns);
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The column names. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The rows whose first column matches the SQL {@code LIKE} pattern ({@code %}, {@code _}, backslash escape),
     * as {@code SHOW … LIKE 'pattern'} filters by name.
     */
    public CatalogRelation filterLike(String pattern) {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(likeToRegex(pattern),
                java.util.regex.Pattern.DOTALL);
        List<List<Object>> kept = rows.stream()
                .filter(row -> row.get(0) != null && regex.matcher(row.get(0).toString()).matches()).toList();
        return new CatalogRelation(name, columns, kept);
    }

    private static String likeToRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** A column: Materialize's name and type ({@code text}, {@code oid}, {@code uint4}, {@code mz_aclitem[]}…). */
    public record Column(String name, String type) {
    }

    /** Columns from {@code "name type"} pairs, e.g. {@code columns("id text", "oid oid")}. */
    static List<Column> columns(String... specs) {
        List<Column> columns = new ArrayList<>();
        for (String spec : specs) {
            int space = spec.indexOf(' ');
            columns.add(new Column(spec.substring(0, space), spec.substring(space + 1)));
        }
        return columns;
    }
}
