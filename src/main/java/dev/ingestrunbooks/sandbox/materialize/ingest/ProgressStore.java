package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The emulator's equivalent of a source's progress collection: in the backing database, one row per source
 * (slot, publication, committed upstream LSN) and one per subsource (upstream table, target, the LSN its snapshot is
 * consistent at, and its definite error with the error's kind). Every write takes the caller's connection so that it
 * commits in the same transaction as the data it describes.
 */
final class ProgressStore {

    static final String SOURCES = "mz_ingest_sources";
    static final String TABLES = "mz_ingest_tables";

    /** What a restarted ingestion resumes from. */
    record SourceRow(String slot, String publication, Lsn committed) {
    }

    /**
     * A subsource as stored; {@code error} is the status's error text ({@code postgres: …}) and {@code errorKind} its
     * status ({@code ceased} or {@code stalled}), both null while the subsource is healthy.
     */
    record TableRow(String upstream, int upstreamOid, String target, Lsn snapshotLsn, String error,
                    String errorKind, Set<String> textColumns, List<Integer> upstreamAttnums) {
        /** The subsource's mapping. */
        TableMapping mapping() {
            return new TableMapping(upstream, target, textColumns);
        }

        /**
         * The stored error as the subsource's status, empty while it is healthy. State written before the kind was
         * stored has an error without a kind: then an {@code incompatible schema change …} is {@code ceased} and any
         * other error {@code stalled}, the only definite and transient errors a subsource had then.
         */
        Optional<SourceStatus> failure() {
            if (error == null) {
                return Optional.empty();
            }
            String message = error.replaceFirst("^postgres: ", "");
            boolean ceased = errorKind == null ? message.startsWith("incompatible schema change")
                    : errorKind.equals(SourceStatus.CEASED);
            return Optional.of(ceased ? SourceStatus.ceased(message) : SourceStatus.stalled(message));
        }
    }

    private final String sourceId;

    ProgressStore(String sourceId) {
        this.sourceId = sourceId;
    }

    static void createSchema(Connection c) throws SQLException {
        Sql.execute(c, "CREATE TABLE IF NOT EXISTS " + SOURCES + " (source_id text PRIMARY KEY, slot_name text NOT NULL,"
                        + " publication text NOT NULL, committed_lsn pg_lsn NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + TABLES + " (source_id text NOT NULL, upstream text NOT NULL,"
                        + " upstream_oid int NOT NULL, target text NOT NULL, snapshot_lsn pg_lsn NOT NULL, error text,"
                        + " PRIMARY KEY (source_id, target))",
                "ALTER TABLE " + TABLES + " ADD COLUMN IF NOT EXISTS text_columns text[] NOT NULL DEFAULT '{}'",
                // the upstream attnum of each ingested column, in the backing table's column order (NULL in state
                // written before it was kept): a column dropped and re-added upstream keeps name and type, not attnum
                "ALTER TABLE " + TABLES + " ADD COLUMN IF NOT EXISTS upstream_attnums int[]",
                // the status of the error ('ceased' or 'stalled'; NULL in state written before it was kept, see
                // TableRow.failure())
                "ALTER TABLE " + TABLES + " ADD COLUMN IF NOT EXISTS error_kind text");
    }

    Optional<SourceRow> load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT slot_name, publication, committed_lsn::text FROM "
                + SOURCES + " WHERE source_id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SourceRow(rs.getString(1), rs.getString(2), Lsn.parse(rs.getString(3))))
                        : Optional.empty();
            }
        }
    }

    List<TableRow> tables(Connection c) throws SQLException {
        List<TableRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT upstream, upstream_oid, target, snapshot_lsn::text, error, error_kind,"
                + " text_columns, upstream_attnums"
                + " FROM " + TABLES + " WHERE source_id = ? ORDER BY target")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Array attnums = rs.getArray(8);
                    rows.add(new TableRow(rs.getString(1), rs.getInt(2), rs.getString(3), Lsn.parse(rs.getString(4)),
                            rs.getString(5), rs.getString(6), Set.of((String[]) rs.getArray(7).getArray()),
                            attnums == null ? null : List.of((Integer[]) attnums.getArray())));
                }
            }
        }
        return rows;
    }

    void insertSource(Connection c, String slot, String publication, Lsn committed) throws SQLException {
        update(c, "INSERT INTO " + SOURCES + " VALUES (?, ?, ?, ?::pg_lsn)", sourceId, slot, publication,
                committed.toString());
    }

    void insertTable(Connection c, UpstreamTable upstream, TableMapping mapping, Lsn snapshotLsn)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLES + " (source_id, upstream, upstream_oid,"
                + " target, snapshot_lsn, text_columns, upstream_attnums) VALUES (?, ?, ?, ?, ?::pg_lsn, ?, ?)")) {
            ps.setString(1, sourceId);
            ps.setString(2, upstream.qualifiedName());
            ps.setInt(3, upstream.oid());
            ps.setString(4, mapping.target());
            ps.setString(5, snapshotLsn.toString());
            ps.setArray(6, c.createArrayOf("text", mapping.textColumns().stream().sorted().toArray()));
            ps.setArray(7, c.createArrayOf("int4", upstream.columns().stream().map(UpstreamTable.UpstreamColumn::attnum)
                    .toArray()));
            ps.executeUpdate();
        }
    }

    void saveCommitted(Connection c, Lsn lsn) throws SQLException {
        update(c, "UPDATE " + SOURCES + " SET committed_lsn = ?::pg_lsn WHERE source_id = ?", lsn.toString(), sourceId);
    }

    /** Stores a subsource's error status: its error text and its kind ({@code ceased} or {@code stalled}). */
    void saveError(Connection c, String target, SourceStatus failure) throws SQLException {
        update(c, "UPDATE " + TABLES + " SET error = ?, error_kind = ? WHERE target = ? AND source_id = ?",
                failure.error().orElseThrow(), failure.status(), target, sourceId);
    }

    /** Forgets one subsource (DROP SOURCE of a subsource). */
    void deleteTable(Connection c, String target) throws SQLException {
        update(c, "DELETE FROM " + TABLES + " WHERE target = ? AND source_id = ?", target, sourceId);
    }

    void delete(Connection c) throws SQLException {
        update(c, "DELETE FROM " + TABLES + " WHERE source_id = ?", sourceId);
        update(c, "DELETE FROM " + SOURCES + " WHERE source_id = ?", sourceId);
    }

    private static void update(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
