package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * A seeded random upstream workload over three REPLICA IDENTITY FULL tables named after a prefix:
 * {@code <p>_keyed} (int primary key; bigint, text, numeric, boolean, timestamptz, jsonb, bytea columns),
 * {@code <p>_pair} (composite text/int primary key whose columns get updated) and {@code <p>_bag} (no key at all,
 * so duplicate rows; unconstrained numeric with {@code 1.5} and {@code 1.50}, equal but different rows), plus
 * {@code <p>_marker}, published but not ingested. Transactions have 1–40 statements (sometimes one bulk statement
 * of several thousand rows), touch the same row several times, use rolled-back savepoints and roll back as a whole
 * now and then. Texts carry quotes, backslashes, unicode, tabs/newlines, the word NULL and real NULLs.
 */
final class RandomWorkload {

    private static final List<String> TEXTS = List.of("plain", "it's", "say \"hi\"", "back\\slash", "ünïcødé ✓ 日本",
            "tab\tand\nnewline", "", "NULL", "{a,b}", " spaced ", "emoji 🚀", "comma, semi; \\N");
    private static final List<String> AMOUNTS = List.of("1.5", "1.50", "0", "-2.25", "100000.001");

    private final String p;
    private final Random random;
    private int committed;

    RandomWorkload(String prefix, Random random) {
        this.p = prefix;
        this.random = random;
    }

    /** Creates the tables, some initial rows (the snapshot) and publication {@code <p>_pub}. */
    void create(Connection c) throws SQLException {
        Upstream.execute(c, "CREATE TABLE " + p + "_keyed (id int PRIMARY KEY, big bigint, note text,"
                        + " amount numeric(12,2), flag boolean, at timestamptz, doc jsonb, raw bytea)",
                "CREATE TABLE " + p + "_pair (a text, b int, v text, PRIMARY KEY (a, b))",
                "CREATE TABLE " + p + "_bag (k int, note text, amount numeric, flag boolean)",
                "CREATE TABLE " + p + "_marker (n int)");
        for (String t : tables()) {
            Upstream.execute(c, "ALTER TABLE " + t + " REPLICA IDENTITY FULL");
        }
        Upstream.execute(c, "CREATE PUBLICATION " + p + "_pub FOR TABLE " + String.join(", ", tables()) + ", "
                + p + "_marker");
        c.setAutoCommit(false);
        for (int i = 0; i < 60; i++) {
            upsertKeyed(c, random.nextInt(200));
            insertBag(c);
            insertPair(c);
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** The ingested tables. */
    List<String> tables() {
        return List.of(p + "_keyed", p + "_pair", p + "_bag");
    }

    String publication() {
        return p + "_pub";
    }

    /**
     * Reads the upstream's WAL insert position, then commits one row to the published but not ingested marker table,
     * so that a commit lies beyond the position: a source whose committed offset reaches it has applied every
     * transaction committed before this call.
     */
    Lsn commitMarker(Connection c) throws SQLException {
        Lsn inserted = Lsn.parse(Upstream.single(c, "SELECT pg_current_wal_insert_lsn()"));
        Upstream.execute(c, "INSERT INTO " + p + "_marker VALUES (1)");
        return inserted;
    }

    /** Drops the upstream tables and the publication. */
    void drop(Connection c) throws SQLException {
        Upstream.execute(c, "DROP PUBLICATION IF EXISTS " + publication(), "DROP TABLE IF EXISTS "
                + String.join(", ", tables()) + ", " + p + "_marker");
    }

    /** Drops the replica tables of the ingested tables from the backing database. */
    void dropReplicas(Connection backing) throws SQLException {
        Upstream.execute(backing, "DROP TABLE IF EXISTS " + String.join(", ", tables()));
    }

    /** Upstream transactions committed so far (rolled-back ones not counted). */
    int committed() {
        return committed;
    }

    /** Runs {@code transactions} random transactions on {@code c} (autocommit is switched off meanwhile). */
    void run(Connection c, int transactions) throws SQLException {
        c.setAutoCommit(false);
        for (int t = 0; t < transactions; t++) {
            int statements = random.nextInt(10) == 0 ? 40 : 1 + random.nextInt(8);
            for (int s = 0; s < statements; s++) {
                if (random.nextInt(15) == 0) {
                    Upstream.execute(c, "SAVEPOINT s");
                    statement(c);
                    Upstream.execute(c, "ROLLBACK TO SAVEPOINT s");
                } else {
                    statement(c);
                }
            }
            if (random.nextInt(7) == 0) {
                c.rollback();
            } else {
                c.commit();
                committed++;
            }
        }
        c.setAutoCommit(true);
    }

    /** One transaction with a bulk insert of {@code rows} bag rows, then deletes and updates of part of them. */
    void bulk(Connection c, int rows) throws SQLException {
        Upstream.execute(c, "BEGIN",
                "INSERT INTO " + p + "_bag SELECT g % 50, 'bulk ' || (g % 7), (g % 3) * 1.5, g % 2 = 0"
                        + " FROM generate_series(1, " + rows + ") g",
                "DELETE FROM " + p + "_bag WHERE note = 'bulk 3'",
                "UPDATE " + p + "_bag SET amount = 1.50 WHERE note = 'bulk 4' AND amount = 1.5",
                "COMMIT");
        committed++;
    }

    private void statement(Connection c) throws SQLException {
        int id = random.nextInt(200);
        switch (random.nextInt(14)) {
            case 0, 1 -> upsertKeyed(c, id);
            case 2 -> update(c, "UPDATE " + p + "_keyed SET note = ?, amount = ?::numeric, flag = ? WHERE id = ?",
                    text(), amount(), bool(), id);
            case 3 -> update(c, "UPDATE " + p + "_keyed SET id = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
                    + p + "_keyed WHERE id = ?)", id + 1, id, id + 1);
            case 4 -> update(c, "DELETE FROM " + p + "_keyed WHERE id = ?", id);
            case 5 -> {
                // the same row several times in one transaction
                upsertKeyed(c, id);
                update(c, "UPDATE " + p + "_keyed SET doc = ?::jsonb, raw = ? WHERE id = ?", json(), bytes(), id);
                update(c, "UPDATE " + p + "_keyed SET big = big + 1, at = ? WHERE id = ?", timestamp(), id);
                if (random.nextBoolean()) {
                    update(c, "DELETE FROM " + p + "_keyed WHERE id = ?", id);
                }
            }
            case 6 -> insertPair(c);
            case 7 -> {
                // a key change: both key columns move
                String newA = pairKey();
                update(c, "UPDATE " + p + "_pair SET a = ?, b = b + 1, v = ? WHERE a = ? AND b = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM " + p + "_pair WHERE a = ? AND b = ?)", newA, text(), pairKey(), id % 20,
                        newA, id % 20 + 1);
            }
            case 8 -> update(c, "DELETE FROM " + p + "_pair WHERE a = ?", pairKey());
            case 9, 10 -> insertBag(c);
            case 11 -> update(c, "DELETE FROM " + p + "_bag WHERE ctid = (SELECT ctid FROM " + p + "_bag WHERE k = ?"
                    + " LIMIT 1)", id % 20);
            case 12 -> update(c, "UPDATE " + p + "_bag SET note = ?, amount = ?::numeric WHERE ctid = (SELECT ctid"
                    + " FROM " + p + "_bag WHERE k = ? LIMIT 1)", text(), amount(), id % 20);
            default -> update(c, "UPDATE " + p + "_bag SET flag = NOT flag, k = k + 1 WHERE k = ?", id % 20);
        }
    }

    private void upsertKeyed(Connection c, int id) throws SQLException {
        update(c, "INSERT INTO " + p + "_keyed VALUES (?, ?, ?, ?::numeric, ?, ?, ?::jsonb, ?) ON CONFLICT (id)"
                + " DO UPDATE SET big = excluded.big, note = excluded.note, amount = excluded.amount,"
                + " flag = excluded.flag, at = excluded.at, doc = excluded.doc, raw = excluded.raw",
                id, random.nextInt(5) == 0 ? null : random.nextLong(), text(), amount(), bool(), timestamp(),
                json(), bytes());
    }

    private void insertPair(Connection c) throws SQLException {
        update(c, "INSERT INTO " + p + "_pair VALUES (?, ?, ?) ON CONFLICT DO NOTHING", pairKey(),
                random.nextInt(20), text());
    }

    private void insertBag(Connection c) throws SQLException {
        Object[] row = {random.nextInt(20), random.nextInt(3) == 0 ? "dup" : text(), amount(), bool()};
        for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
            update(c, "INSERT INTO " + p + "_bag VALUES (?, ?, ?::numeric, ?)", row);
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            ps.executeUpdate();
        }
    }

    private String pairKey() {
        return TEXTS.get(random.nextInt(4));
    }

    private String text() {
        int pick = random.nextInt(TEXTS.size() + 3);
        if (pick == TEXTS.size()) {
            return null;
        }
        if (pick > TEXTS.size()) {
            return Long.toString(random.nextLong(), 36);
        }
        return TEXTS.get(pick);
    }

    private String amount() {
        return random.nextInt(6) == 0 ? null : AMOUNTS.get(random.nextInt(AMOUNTS.size()));
    }

    private Boolean bool() {
        return random.nextInt(4) == 0 ? null : random.nextBoolean();
    }

    private OffsetDateTime timestamp() {
        if (random.nextInt(6) == 0) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000) * 1000L);
        return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.ofHours(random.nextInt(25) - 12));
    }

    private String json() {
        if (random.nextInt(6) == 0) {
            return null;
        }
        String note = text();
        return "{\"note\": " + (note == null ? "null" : jsonString(note)) + ", \"n\": " + random.nextInt(100)
                + ", \"list\": [1.50, \"x\", null, " + random.nextBoolean() + "]}";
    }

    private byte[] bytes() {
        if (random.nextInt(6) == 0) {
            return null;
        }
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
