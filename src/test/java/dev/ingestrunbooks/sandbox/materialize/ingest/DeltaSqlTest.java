package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How rows travel to the backing server: the array parameter types and the statements. */
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

    private static UpstreamColumn column(int oid, String typeName) {
        return new UpstreamColumn("c", 1, oid, -1, typeName, false);
    }
}
