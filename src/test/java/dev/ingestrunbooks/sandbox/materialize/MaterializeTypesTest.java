package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;

/**
 * Black-box type fidelity (docs/materialize.md §7): tables of a sandbox RDS instance ingested by the sandbox
 * Materialize and read back through pgJDBC, with the outputs Materialize's own tests expect
 * ({@code test/pg-cdc/types-array.td}, {@code types-interval.td}, {@code types-character.td},
 * {@code types-json.td}, {@code toast-columns.td}). Each test has its own table, publication and source.
 */
class MaterializeTypesTest extends EmulatorBlackBoxTest {

    @Override
    protected String upstreamName() {
        return "mz-types-upstream";
    }

    @BeforeAll
    void start() throws SQLException {
        createConnection("pg_connection", ", SSL MODE 'require'");
    }

    private static final String ARRAY_COLUMNS = "id, i, t, tm, n, tz, ts, iv, b, f, d";

    @Test
    void oneDimensionalArraysAreIngestedBySnapshotAndStreamingAndNamedAsMaterializeNamesThem()
            throws SQLException {
        upstream("CREATE TABLE arrays (id int, i int4[], t text[], tm time[], n numeric[], tz timestamptz[],"
                        + " ts timestamp[], iv interval[], b bool[], f float8[], d date[])",
                "ALTER TABLE arrays REPLICA IDENTITY FULL",
                "INSERT INTO arrays VALUES (1, '{1,2}', '{a,b}', '{01:23:45,01:23:46}', '{1.1,2E2}',"
                        + " '{\"2007-02-01 15:04:05+06\",\"2007-02-01 15:04:06+06\"}',"
                        + " '{\"2007-02-01 15:04:05\",\"2007-02-01 15:04:06\"}', '{1y,2d}', '{true,false}',"
                        + " '{1.1,2.1}', '{2007-02-01,2007-02-02}')",
                "INSERT INTO arrays VALUES (2, '{}', '{\"a b\",\"c,d\",NULL,\"q\\\"x\",\"\"}', NULL, '{NULL,-0.5}',"
                        + " '{}', NULL, '{-1 mon,00:00:00}', '{NULL}', '{NaN,-Infinity}', '{}')",
                "CREATE PUBLICATION pub_arrays FOR TABLE arrays");
        createSource("src_arrays", "pub_arrays");
        String row1 = "1|{1,2}|{a,b}|{01:23:45,01:23:46}|{1.1,200}"
                + "|{\"2007-02-01 09:04:05+00\",\"2007-02-01 09:04:06+00\"}"
                + "|{\"2007-02-01 15:04:05\",\"2007-02-01 15:04:06\"}|{\"1 year\",\"2 days\"}|{t,f}|{1.1,2.1}"
                + "|{2007-02-01,2007-02-02}";
        String row2 = "2|{}|{\"a b\",\"c,d\",NULL,\"q\\\"x\",\"\"}|null|{NULL,-0.5}|{}|null"
                + "|{\"-1 months\",00:00:00}|{NULL}|{NaN,-Infinity}|{}";
        String query = "SELECT " + ARRAY_COLUMNS + " FROM arrays ORDER BY id";
        assertThat(rows(query)).as("snapshot").containsExactly(row1, row2);
        assertThat(rows("SELECT pg_typeof(i), pg_typeof(t), pg_typeof(tm), pg_typeof(n), pg_typeof(tz),"
                + " pg_typeof(ts), pg_typeof(iv), pg_typeof(b), pg_typeof(f), pg_typeof(d) FROM arrays LIMIT 1"))
                .containsExactly("integer[]|text[]|time[]|numeric[]|timestamp with time zone[]|timestamp[]"
                        + "|interval[]|boolean[]|double precision[]|date[]");

        upstream("INSERT INTO arrays SELECT * FROM arrays",
                "UPDATE arrays SET i = '{7,8,9}', iv = '{\"1 day 02:00:00\"}' WHERE id = 1 AND n IS NOT NULL"
                        + " AND ctid = (SELECT min(ctid) FROM arrays WHERE id = 1)",
                "DELETE FROM arrays WHERE id = 2 AND ctid = (SELECT min(ctid) FROM arrays WHERE id = 2)");
        String updated = "1|{7,8,9}|{a,b}|{01:23:45,01:23:46}|{1.1,200}"
                + "|{\"2007-02-01 09:04:05+00\",\"2007-02-01 09:04:06+00\"}"
                + "|{\"2007-02-01 15:04:05\",\"2007-02-01 15:04:06\"}|{\"1 day 02:00:00\"}|{t,f}|{1.1,2.1}"
                + "|{2007-02-01,2007-02-02}";
        await("streamed inserts, update and delete of array rows").atMost(WAIT)
                .until(() -> rows(query + ", i::text"), rows -> rows.size() == 3);
        assertThat(rows("SELECT " + ARRAY_COLUMNS + " FROM arrays ORDER BY id, i::text"))
                .containsExactly(row1, updated, row2);

        upstream("INSERT INTO arrays (id, i, t) VALUES (3, '{{1},{2}}', '{{a,b},{c,d}}')");
        await("a two-dimensional array is ingested as it is").atMost(WAIT)
                .until(() -> rows("SELECT i, t FROM arrays WHERE id = 3"),
                        rows -> rows.equals(List.of("{{1},{2}}|{{a,b},{c,d}}")));

        try (Connection c = mzConnection();
             PreparedStatement p = c.prepareStatement("SELECT i, t, iv FROM arrays WHERE id = ? ORDER BY i::text")) {
            p.unwrap(PGStatement.class).setPrepareThreshold(-1);
            p.setInt(1, 1);
            try (ResultSet rs = p.executeQuery()) {
                PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                assertThat(meta.getFormat(1)).as("int4[] travels in binary").isEqualTo(1);
                assertThat(meta.getFormat(2)).as("text[] travels in binary").isEqualTo(1);
                assertThat(rs.next()).isTrue();
                assertThat((Object[]) rs.getArray(1).getArray()).containsExactly(1, 2);
                assertThat((Object[]) rs.getArray(2).getArray()).containsExactly("a", "b");
                assertThat(rs.getString(3)).isEqualTo("{\"1 year\",\"2 days\"}");
                assertThat(rs.next()).isTrue();
                assertThat((Object[]) rs.getArray(1).getArray()).containsExactly(7, 8, 9);
            }
        }
    }

    @Test
    void pgTypeofSaysMaterializesTypeNamesAndJsonArrivesAsJsonb() throws SQLException {
        upstream("CREATE TABLE scalars (tm time, ts timestamp, tz timestamptz, iv interval, j json, jb jsonb,"
                        + " vc varchar(10), bc char(10), n numeric(10,2), f4 real, f8 float8, i2 int2, i4 int4,"
                        + " i8 int8, u uuid, by bytea, d date, o oid, tx text, bo bool)",
                "ALTER TABLE scalars REPLICA IDENTITY FULL",
                "INSERT INTO scalars VALUES ('01:23:45', '2007-02-01 15:04:05', '2007-02-01 15:04:05+06',"
                        + " '1 day', '{\"b\": 2,  \"a\": 1}', '{\"b\": 2, \"a\": 1}', 'abc', 'abc', 1.5, 1.5, 1.5,"
                        + " 1, 2, 3, '00000000-0000-0000-0000-000000000001', '\\x00ff', '2007-02-01', 7, 'x', true)",
                "CREATE PUBLICATION pub_scalars FOR TABLE scalars");
        createSource("src_scalars", "pub_scalars");
        String names = "time|timestamp|timestamp with time zone|interval|jsonb|jsonb|character varying|character"
                + "|numeric|real|double precision|smallint|integer|bigint|uuid|bytea|date|oid|text|boolean";
        String typeof = "SELECT pg_typeof(tm), pg_typeof(ts), pg_typeof(tz), pg_typeof(iv), pg_typeof(j),"
                + " pg_typeof(jb), pg_typeof(vc), pg_typeof(bc), pg_typeof(n), pg_typeof(f4), pg_typeof(f8),"
                + " PG_TYPEOF(i2), pg_catalog.pg_typeof(i4), pg_typeof(i8), pg_typeof(u), pg_typeof(by), pg_typeof(d),"
                + " pg_typeof(o), pg_typeof(tx), pg_typeof(bo) FROM scalars";
        assertThat(rows(typeof)).as("simple query").containsExactly(names);
        try (Connection c = mzConnection(); PreparedStatement p = c.prepareStatement(typeof)) {
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("pg_typeof");
                assertThat(rs.getMetaData().getColumnTypeName(1)).as("Materialize's pg_typeof returns text")
                        .isEqualTo("text");
                assertThat(JdbcRows.rows(rs)).as("extended query").containsExactly(names);
            }
        }
        assertThat(rows("SELECT j = '{\"a\":1,\"b\":2}'::jsonb, jb = j, tm, ts, tz, bc FROM scalars"))
                .containsExactly("t|t|01:23:45|2007-02-01 15:04:05|2007-02-01 09:04:05+00|abc       ");
        assertThat(rows("SELECT pg_typeof(1), pg_typeof('x'::text), 'pg_typeof(1)' FROM scalars"))
                .as("only calls are redirected, string literals stay").containsExactly("integer|text|pg_typeof(1)");
    }

    @Test
    void intervalsReadAsMaterializeWritesThem() throws SQLException {
        upstream("CREATE TABLE intervals (id int, v interval)", "ALTER TABLE intervals REPLICA IDENTITY FULL",
                "INSERT INTO intervals VALUES (1, '1 year 2 months 3 days 4 hours 5 minutes 6.789123 seconds'),"
                        + " (2, '0'), (3, '1 month'), (4, '-1 month'), (5, '-1 year -2 months +3 days 04:05:06'),"
                        + " (6, '-1 days 1 hour'), (7, '100 hours'), (8, '2 years'), (9, '1 day'), (10, '-1 day'),"
                        + " (11, '-0.5 seconds'), (12, '1 mon -1 second'), (13, NULL)",
                "CREATE PUBLICATION pub_intervals FOR TABLE intervals");
        createSource("src_intervals", "pub_intervals");
        List<String> expected = List.of("1|1 year 2 months 3 days 04:05:06.789123", "2|00:00:00", "3|1 month",
                "4|-1 months", "5|-1 years -2 months +3 days 04:05:06", "6|-1 days +01:00:00", "7|100:00:00",
                "8|2 years", "9|1 day", "10|-1 days", "11|-00:00:00.5", "12|1 month -00:00:01", "13|null");
        String query = "SELECT id, v FROM intervals ORDER BY id";
        assertThat(rows(query)).as("simple query").containsExactlyElementsOf(expected);
        try (Connection c = mzConnection(); PreparedStatement p = c.prepareStatement(query)) {
            p.unwrap(PGStatement.class).setPrepareThreshold(-1);
            for (int run = 0; run < 2; run++) {
                assertThat(JdbcRows.rows(p.executeQuery())).as("extended query, run %d", run)
                        .containsExactlyElementsOf(expected);
            }
        }
        upstream("UPDATE intervals SET v = v * 2 WHERE id = 1", "DELETE FROM intervals WHERE id = 13");
        await("streamed interval update").atMost(WAIT).until(() -> rows("SELECT v FROM intervals WHERE id IN (1, 13)"),
                rows -> rows.equals(List.of("2 years 4 months 6 days 08:10:13.578246")));
        assertThat(rows("SELECT '1 year 2 mons'::interval, ARRAY['1 mon'::interval, '-3 days']"))
                .as("computed intervals too").containsExactly("1 year 2 months|{\"1 month\",\"-3 days\"}");
    }

    @Test
    void largeToastedValuesSurviveSnapshotUnchangedToastUpdatesAndDeletes() throws SQLException {
        // The first column is the large one: the backing table's matching index is on it.
        upstream("CREATE TABLE docs (doc text, id int, raw bytea, j jsonb)",
                "ALTER TABLE docs REPLICA IDENTITY FULL",
                "INSERT INTO docs SELECT big, 1, decode(big, 'hex'), jsonb_build_object('k', big)"
                        + " FROM (SELECT string_agg(md5(i::text), '') AS big FROM generate_series(1, 100000) i) s",
                "CREATE PUBLICATION pub_docs FOR TABLE docs");
        createSource("src_docs", "pub_docs");
        String summary = "SELECT id, length(doc), md5(doc), length(raw), md5(raw), md5(j::text) FROM docs ORDER BY id";
        assertThat(rows(summary)).as("snapshot of a 3.2 MB row").isEqualTo(upstreamRows(summary))
                .singleElement().asString().startsWith("1|3200000|");

        upstream("INSERT INTO docs SELECT big, 2, decode(big, 'hex'), jsonb_build_object('k', big)"
                        + " FROM (SELECT string_agg(md5(i::text || 'x'), '') AS big FROM generate_series(1, 80000) i) s",
                "UPDATE docs SET id = 10 WHERE id = 1");
        await("streamed large insert and an update that leaves the TOASTed columns unchanged").atMost(WAIT)
                .until(() -> rows(summary).equals(upstreamRows(summary)));
        assertThat(rows("SELECT id FROM docs ORDER BY id")).containsExactly("2", "10");

        upstream("DELETE FROM docs WHERE id = 10", "UPDATE docs SET id = 20, doc = doc || 'tail' WHERE id = 2");
        await("streamed delete of a TOASTed row and a changed TOASTed value").atMost(WAIT)
                .until(() -> rows(summary).equals(upstreamRows(summary)));
        assertThat(rows("SELECT id, right(doc, 4) FROM docs")).containsExactly("20|tail");
    }

    private void createSource(String name, String publication) throws SQLException {
        mz("CREATE SOURCE " + name + " FROM POSTGRES CONNECTION pg_connection (PUBLICATION '" + publication
                + "') FOR ALL TABLES");
    }

}
