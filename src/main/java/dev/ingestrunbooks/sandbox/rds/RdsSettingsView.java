package dev.ingestrunbooks.sandbox.rds;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes {@code rds.logical_replication} visible in {@code pg_settings}, as on RDS.
 *
 * <p>PostgreSQL hides placeholder GUCs from {@code pg_catalog.pg_settings}. The sandbox therefore creates a view
 * {@code rds_catalog.pg_settings} = {@code pg_catalog.pg_settings UNION ALL} one row computed from
 * {@code current_setting('rds.logical_replication')} (so it always agrees with {@code SHOW}), and puts
 * {@code rds_catalog} before {@code pg_catalog} in the server-wide {@code search_path}. The view's column list is
 * read from the server's own {@code pg_settings}, so it fits PostgreSQL 13–17.
 *
 * <p>Limits: a query that names {@code pg_catalog.pg_settings} does not see the row; a session that sets its
 * own {@code search_path}, or a database created from {@code template0}, does not see it either; the view is
 * not updatable ({@code UPDATE pg_settings} is a real-PostgreSQL idiom that then fails).
 */
final class RdsSettingsView {

    static final String SCHEMA = "rds_catalog";
    static final String SEARCH_PATH = "\"$user\", public, " + SCHEMA + ", pg_catalog";
    private static final String CURRENT = "current_setting('rds.logical_replication', true)";
    private static final Map<String, String> SYNTHETIC_ROW = Map.ofEntries(
            Map.entry("name", "'rds.logical_replication'"),
            Map.entry("setting", CURRENT),
            Map.entry("category", "'Customized Options'"),
            Map.entry("short_desc", "'Enables logical decoding.'"),
            Map.entry("context", "'postmaster'"),
            Map.entry("vartype", "'bool'"),
            Map.entry("source", "'configuration file'"),
            Map.entry("boot_val", "'off'"),
            Map.entry("reset_val", CURRENT),
            Map.entry("pending_restart", "false"));

    record Column(String name, String type) {
    }

    private RdsSettingsView() {
    }

    /** Creates schema and view in the database {@code connection} is on (run as superuser). */
    static void create(Connection connection) throws SQLException {
        Jdbc.execute(connection,
                "CREATE SCHEMA " + SCHEMA,
                "GRANT USAGE ON SCHEMA " + SCHEMA + " TO PUBLIC",
                viewSql(columns(connection)),
                "GRANT SELECT ON " + SCHEMA + ".pg_settings TO PUBLIC");
    }

    static List<Column> columns(Connection connection) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT attname, format_type(atttypid, atttypmod)"
                     + " FROM pg_catalog.pg_attribute WHERE attrelid = 'pg_catalog.pg_settings'::regclass"
                     + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2)));
            }
        }
        return columns;
    }

    /** The view over {@code pg_catalog.pg_settings} plus the synthetic row, typed column by column. */
    static String viewSql(List<Column> columns) {
        String synthetic = columns.stream()
                .map(c -> "CAST(" + SYNTHETIC_ROW.getOrDefault(c.name(), "NULL") + " AS " + c.type() + ") AS "
                        + Jdbc.quoteIdentifier(c.name()))
                .collect(Collectors.joining(", "));
        return "CREATE VIEW " + SCHEMA + ".pg_settings AS SELECT * FROM pg_catalog.pg_settings UNION ALL SELECT "
                + synthetic + " WHERE " + CURRENT + " IS NOT NULL";
    }
}
