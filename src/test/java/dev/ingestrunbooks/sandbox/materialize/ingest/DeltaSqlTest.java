package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How rows travel to the backing server: array parameter types and array literals. */
class DeltaSqlTest {

    @Test
    void scalarColumnsTravelAsArraysOfTheirOwnTypeAndArraysAndBoxesAsText() {
        assertThat(DeltaSql.arrayType(column(20, "bigint"))).isEqualTo("bigint[]");
        assertThat(DeltaSql.arrayType(column(1700, "numeric(12,2)"))).isEqualTo("numeric(12,2)[]");
        assertThat(DeltaSql.arrayType(column(1184, "timestamp(3) with time zone")))
                .isEqualTo("timestamp(3) with time zone[]");
        assertThat(DeltaSql.arrayType(column(1007, "integer[]"))).isEqualTo("text[]");
        assertThat(DeltaSql.arrayType(column(603, "box"))).isEqualTo("text[]");
    }

    @Test
    void statementsTypeEachColumnsArrayAndStillCastEachValue() {
        DeltaSql sql = new DeltaSql("\"t\"", List.of(column(20, "bigint"), column(1007, "integer[]")), 0);
        assertThat(sql.insert()).isEqualTo("INSERT INTO \"t\" (\"c\", \"c\") SELECT CAST(d.n0 AS bigint),"
                + " CAST(d.n1 AS integer[]) FROM unnest(?::bigint[], ?::text[]) AS d(n0, n1)");
    }

    @Test
    void arrayLiteralsQuoteEveryValueSoNothingReadsAsNullOrSplits() {
        List<List<String>> rows = Arrays.asList(List.of("say \"hi\""), Arrays.asList((String) null), List.of("NULL"),
                List.of("back\\slash"), List.of("{a,b}"), List.of(""));
        assertThat(RowWriter.arrayLiteral(rows, 0))
                .isEqualTo("{\"say \\\"hi\\\"\",NULL,\"NULL\",\"back\\\\slash\",\"{a,b}\",\"\"}");
    }

    private static UpstreamColumn column(int oid, String typeName) {
        return new UpstreamColumn("c", 1, oid, -1, typeName, false);
    }
}
