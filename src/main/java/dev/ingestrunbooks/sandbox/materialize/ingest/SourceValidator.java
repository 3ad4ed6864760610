package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The upstream checks of Materialize's CREATE SOURCE … FROM POSTGRES, in its order (docs/materialize.md §4.1) and with
 * its texts (§4.2): wal_level, max_wal_senders, two free replication slots; publication exists and is not empty; the
 * referenced tables are in it; USAGE on their schemas and SELECT on them; REPLICA IDENTITY FULL; supported column
 * types; finally a replication connection ({@code IDENTIFY_SYSTEM}, where Materialize reads the timeline ID), which is
 * where a user without the REPLICATION attribute (RDS: not in {@code rds_replication}) fails.
 *
 * <p>Limits: TEXT COLUMNS only exempt their columns from the type check; no EXCLUDE COLUMNS, no FOR SCHEMAS, no
 * RLS/BYPASSRLS check; a connection failure is reported as {@code failed to connect to PostgreSQL database} with
 * PostgreSQL's error as detail.
 */
public final class SourceValidator {

    private SourceValidator() {
    }

    /**
     * Validates and returns the tables to ingest with their columns.
     *
     * @param references {@code schema.table} names (FOR TABLES); empty means all published tables (FOR ALL TABLES)
     */
    public static List<UpstreamTable> validate(UpstreamEndpoint endpoint, String publication, List<String> references)
            throws SourceValidationError {
        return validate(endpoint, publication, references, List.of());
    }

    /**
     * Validates as {@link #validate(UpstreamEndpoint, String, List)}, except that a column named in
     * {@code textColumns} ({@code table.column}, {@code schema.table.column} or {@code db.schema.table.column}) may
     * have any type: it is ingested as text.
     */
    public static List<UpstreamTable> validate(UpstreamEndpoint endpoint, String publication, List<String> references,
            List<String> textColumns) throws SourceValidationError {
        List<UpstreamTable> tables;
        try (Connection c = endpoint.connect()) {
            checkServer(c);
            if (PublicationCatalog.publicationOid(c, publication).isEmpty()) {
                throw SourceValidationError.publicationMissing(publication);
            }
            List<UpstreamTable> published = PublicationCatalog.tables(c, publication);
            if (published.isEmpty()) {
                throw SourceValidationError.publicationEmpty(publication);
            }
            tables = select(published, references);
            checkPrivileges(c, endpoint.user(), tables);
            checkReplicaIdentity(c, tables);
            checkTypes(endpoint.database(), tables, textColumns);
        } catch (SQLException e) {
            throw SourceValidationError.connectFailed(e);
        }
        try (Connection replication = endpoint.connectReplication(); Statement s = replication.createStatement()) {
            s.execute("IDENTIFY_SYSTEM");
        } catch (SQLException e) {
            throw SourceValidationError.connectFailed(e);
        }
        return tables;
    }

    /**
     * VALIDATE CONNECTION of a POSTGRES connection (docs/materialize.md §2.5): connects (as the connection's user, to
     * its database) and runs {@link #checkServer}; failures are 58000 with the bare message.
     */
    public static void validateConnection(UpstreamEndpoint endpoint) throws SourceValidationError {
        try (Connection c = endpoint.connect()) {
            checkServer(c);
        } catch (SQLException e) {
            throw SourceValidationError.connectionFailed(e);
        } catch (SourceValidationError e) {
            throw e.asConnectionValidation();
        }
    }

    /** VALIDATE CONNECTION's checks (docs/materialize.md §2.5), also step 3 of CREATE SOURCE. */
    static void checkServer(Connection c) throws SQLException, SourceValidationError {
        String walLevel = single(c, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw SourceValidationError.walLevel(walLevel);
        }
        if (Long.parseLong(single(c, "SELECT CAST(current_setting('max_wal_senders') AS int8)")) < 1) {
            throw SourceValidationError.replicationDisabled();
        }
        if (Long.parseLong(single(c, "SELECT CAST(current_setting('max_replication_slots') AS int8)"
                + " - (SELECT count(*) FROM pg_catalog.pg_replication_slots)")) < 2) {
            throw SourceValidationError.insufficientSlots();
        }
    }

    private static List<UpstreamTable> select(List<UpstreamTable> published, List<String> references)
            throws SourceValidationError {
        if (references.isEmpty()) {
            return published;
        }
        List<UpstreamTable> selected = new ArrayList<>();
        for (String reference : references) {
            String qualified = reference.contains(".") ? reference : "public." + reference;
            UpstreamTable table = published.stream().filter(t -> t.qualifiedName().equals(qualified)).findFirst()
                    .orElseThrow(() -> SourceValidationError.referenceNotFound(reference));
            selected.add(table);
        }
        return selected;
    }

    private static void checkPrivileges(Connection c, String user, List<UpstreamTable> tables)
            throws SQLException, SourceValidationError {
        Set<String> noUsage = new TreeSet<>();
        Set<String> noSelect = new TreeSet<>();
        try (PreparedStatement usage = c.prepareStatement(
                "SELECT has_schema_privilege(?::text, n.oid, 'usage') FROM pg_namespace n WHERE n.nspname = ?");
                PreparedStatement select = c.prepareStatement("SELECT has_table_privilege(?::text, ?::oid, 'select')")) {
            for (UpstreamTable table : tables) {
                if (!check(usage, user, table.schema())) {
                    noUsage.add(Sql.identIfNeeded(table.schema()));
                }
                select.setString(1, user);
                select.setLong(2, table.oid());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        noSelect.add(Sql.identIfNeeded(table.schema()) + "." + Sql.identIfNeeded(table.name()));
                    }
                }
            }
        }
        if (!noUsage.isEmpty()) {
            throw SourceValidationError.missingUsage(user, String.join(", ", noUsage));
        }
        if (!noSelect.isEmpty()) {
            throw SourceValidationError.missingSelect(user, String.join(", ", noSelect));
        }
    }

    private static boolean check(PreparedStatement ps, String user, String name) throws SQLException {
        ps.setString(1, user);
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void checkReplicaIdentity(Connection c, List<UpstreamTable> tables)
            throws SQLException, SourceValidationError {
        List<String> notFull = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT relreplident FROM pg_class WHERE oid = ?::oid")) {
            for (UpstreamTable table : tables) {
                ps.setLong(1, table.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    String identity = rs.next() ? rs.getString(1) : null;
                    if (!"f".equals(identity)) {
                        notFull.add(table.qualifiedName());
                    }
                }
            }
        }
        if (!notFull.isEmpty()) {
            throw SourceValidationError.notReplicaIdentityFull(String.join(", ", notFull));
        }
    }

    private static void checkTypes(String database, List<UpstreamTable> tables, List<String> textColumns)
            throws SourceValidationError {
        String unsupported = tables.stream().flatMap(t -> t.columns().stream()
                        .filter(col -> !SupportedTypes.isSupported(col.typeOid()))
                        .filter(col -> !isTextColumn(database, t, col.name(), textColumns))
                        .map(col -> database + "." + t.qualifiedName() + "." + col.name() + " (OID " + col.typeOid()
                                + ")"))
                .collect(Collectors.joining("\n"));
        if (!unsupported.isEmpty()) {
            throw SourceValidationError.unsupportedTypes(unsupported);
        }
    }

    private static boolean isTextColumn(String database, UpstreamTable table, String column, List<String> refs) {
        String full = database + "." + table.qualifiedName() + "." + column;
        return refs.stream().anyMatch(ref -> full.equals(ref) || full.endsWith("." + ref));
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
