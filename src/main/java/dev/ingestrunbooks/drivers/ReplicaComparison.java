package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.postgres.PgQuote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a table Materialize ingested equals its upstream table: the same number of rows and the same checksum over
 * the rows. Both sides are read as text, the columns Materialize has (an upstream column added after the source was
 * created is not ingested), rows sorted so that order does not matter, duplicates counted.
 *
 * <p>Reads whole tables: meant for the guide's tables and runbook-sized data, not for a production table of billions
 * of rows.
 */
public final class ReplicaComparison {

    /** One side's count and checksum. */
    public record Fingerprint(long rows, String sha256) {
        @Override
        public String toString() {
            return rows + " rows, sha256 " + sha256.substring(0, 16);
        }
    }

    /** Both sides at (nearly) the same moment. */
    public record Outcome(String table, Fingerprint upstream, Fingerprint materialize) {
        public boolean equal() {
            return upstream.equals(materialize);
        }

        @Override
        public String toString() {
            return table + ": upstream " + upstream + "; Materialize " + materialize;
        }
    }

    private ReplicaComparison() {
    }

    /**
     * Compares {@code upstreamTable} (as the admin reads it upstream) with {@code materializeTable}; both names are
     * used as written, so quote them if needed.
     */
    public static Outcome compare(UpstreamPostgres upstream, String upstreamTable, Materialize materialize,
            String materializeTable) {
        List<String> columns = materialize.queryQuietly("SELECT * FROM " + materializeTable + " LIMIT 0").columns();
        String list = columns.stream().map(PgQuote::ident).collect(Collectors.joining(", "));
        Fingerprint replica = fingerprint(materialize.queryQuietly("SELECT " + list + " FROM " + materializeTable));
        Fingerprint source = fingerprint(upstream.queryQuietly("SELECT " + list + " FROM " + upstreamTable));
        return new Outcome(materializeTable, source, replica);
    }

    /** The row count and the SHA-256 of the sorted rows (columns separated by a unit separator, NULL marked). */
    static Fingerprint fingerprint(ResultTable table) {
        List<String> rows = new ArrayList<>(table.rows().size());
        for (List<String> row : table.rows()) {
            rows.add(row.stream().map(v -> v == null ? "\u0000NULL" : v).collect(Collectors.joining("\u001f")));
        }
        rows.sort(null);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String row : rows) {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return new Fingerprint(rows.size(), HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
