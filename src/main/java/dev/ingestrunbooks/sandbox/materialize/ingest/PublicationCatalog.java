package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a publication and its tables' columns from the upstream catalog the way Materialize does
 * ({@code src/postgres-util/src/schemas.rs}, docs/materialize.md §4.1 step 4): {@code pg_publication}, then
 * {@code pg_publication_tables} joined to {@code pg_class}/{@code pg_namespace}, columns from {@code pg_attribute}
 * without dropped and generated ones.
 */
final class PublicationCatalog {

    private PublicationCatalog() {
    }

    /** The publication's OID, or empty when it does not exist. */
    static Optional<Long> publicationOid(Connection c, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT oid FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The publication's tables, ordered by schema and name. */
    static List<UpstreamTable> tables(Connection c, String publication) throws SQLException {
        String sql = "SELECT n.nspname, cl.relname, cl.oid::int FROM pg_publication_tables p"
                + " JOIN pg_namespace n ON n.nspname = p.schemaname"
                + " JOIN pg_class cl ON cl.relnamespace = n.oid AND cl.relname = p.tablename"
                + " WHERE p.pubname = ? ORDER BY 1, 2";
        List<UpstreamTable> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new UpstreamTable(rs.getString(1), rs.getString(2), rs.getInt(3), List.of()));
                }
            }
        }
        List<UpstreamTable> withColumns = new ArrayList<>();
        for (UpstreamTable table : tables) {
            withColumns.add(new UpstreamTable(table.schema(), table.name(), table.oid(), columns(c, table.oid())));
        }
        return withColumns;
    }

    /** The ingest state of each mapped table, its columns as published now; fails for a table not published. */
    static List<IngestTable> describe(UpstreamEndpoint upstream, String publication, List<TableMapping> mappings)
            throws SQLException {
        List<IngestTable> described = new ArrayList<>();
        try (Connection c = upstream.connect()) {
            List<UpstreamTable> published = tables(c, publication);
            for (TableMapping mapping : mappings) {
                UpstreamTable table = published.stream().filter(t -> t.qualifiedName().equals(mapping.upstream()))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(
                                "reference to " + mapping.upstream() + " not found in source"));
                described.add(new IngestTable(table, mapping, Lsn.INVALID));
            }
        }
        return described;
    }

    /** The columns of a table named in SQL (e.g. a backing table), as {@link #columns} reads them. */
    static List<UpstreamColumn> columnsOf(Connection c, String quotedName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::regclass::oid::int")) {
            ps.setString(1, quotedName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return columns(c, rs.getInt(1));
            }
        }
    }

    /** The live, non-generated columns of a table in attnum order. */
    static List<UpstreamColumn> columns(Connection c, int tableOid) throws SQLException {
        String sql = "SELECT attname, attnum, atttypid::int, atttypmod, format_type(atttypid, atttypmod), attnotnull"
                + " FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped AND attgenerated = ''"
                + " ORDER BY attnum";
        List<UpstreamColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, tableOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new UpstreamColumn(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                            rs.getString(5), rs.getBoolean(6)));
                }
            }
        }
        return columns;
    }
}
