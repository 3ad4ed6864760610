package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Text output → binary send format, checked against the layouts of PostgreSQL's *send functions. */
class BinaryValuesTest {

    private static String binary(int oid, String text) throws SqlError {
        return Hex.of(BinaryValues.toBinary(oid, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void integersFloatsAndBooleans() throws SqlError {
        assertThat(binary(PgTypes.BOOL, "t")).isEqualTo("01");
        assertThat(binary(PgTypes.BOOL, "f")).isEqualTo("00");
        assertThat(binary(PgTypes.INT2, "-2")).isEqualTo("ff fe");
        assertThat(binary(PgTypes.INT4, "258")).isEqualTo("00 00 01 02");
        assertThat(binary(PgTypes.INT8, "-1")).isEqualTo("ff ff ff ff ff ff ff ff");
        assertThat(binary(PgTypes.OID, "4294967295")).isEqualTo("ff ff ff ff");
        assertThat(binary(PgTypes.FLOAT8, "1.5")).isEqualTo("3f f8 00 00 00 00 00 00");
        assertThat(binary(PgTypes.FLOAT4, "-Infinity")).isEqualTo("ff 80 00 00");
    }

    @Test
    void numericUsesBase10000Digits() throws SqlError {
        // ndigits 3, weight 1, positive, dscale 2: 1 2345 . 6700
        assertThat(binary(PgTypes.NUMERIC, "12345.67")).isEqualTo("00 03 00 01 00 00 00 02 00 01 09 29 1a 2c");
        assertThat(binary(PgTypes.NUMERIC, "-0.0001")).isEqualTo("00 01 ff ff 40 00 00 04 00 01");
        assertThat(binary(PgTypes.NUMERIC, "0")).isEqualTo("00 00 00 00 00 00 00 00");
        assertThat(binary(PgTypes.NUMERIC, "10000")).isEqualTo("00 01 00 01 00 00 00 00 00 01");
        assertThat(binary(PgTypes.NUMERIC, "NaN")).isEqualTo("00 00 00 00 c0 00 00 00");
    }

    @Test
    void datesAndTimestampsCountFrom2000() throws SqlError {
        assertThat(binary(PgTypes.DATE, "2000-01-02")).isEqualTo("00 00 00 01");
        assertThat(binary(PgTypes.DATE, "1999-12-31")).isEqualTo("ff ff ff ff");
        assertThat(binary(PgTypes.TIMESTAMP, "2000-01-01 00:00:01.5")).isEqualTo("00 00 00 00 00 16 e3 60");
        assertThat(binary(PgTypes.TIMESTAMPTZ, "2000-01-01 01:00:01.5+01")).isEqualTo("00 00 00 00 00 16 e3 60");
        assertThat(binary(PgTypes.TIMESTAMPTZ, "infinity")).isEqualTo("7f ff ff ff ff ff ff ff");
    }

    @Test
    void byteaUuidAndJsonb() throws SqlError {
        assertThat(binary(PgTypes.BYTEA, "\\x00ff10")).isEqualTo("00 ff 10");
        assertThat(binary(PgTypes.UUID, "00000000-0000-0001-0000-000000000002"))
                .isEqualTo("00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02");
        assertThat(binary(PgTypes.JSONB, "{}")).isEqualTo("01 7b 7d");
        assertThat(binary(PgTypes.TEXT, "é")).isEqualTo("c3 a9");
    }

    @Test
    void arraysTimesAndPoints() throws SqlError {
        // ndim 1, has nulls, int4, (2 elements, lower bound 1), 7, NULL
        assertThat(binary(1007, "{7,NULL}")).isEqualTo("00 00 00 01 00 00 00 01 00 00 00 17 00 00 00 02 00 00 00 01"
                + " 00 00 00 04 00 00 00 07 ff ff ff ff");
        assertThat(binary(1009, "[0:0]={\"a\\\"\"}")).isEqualTo("00 00 00 01 00 00 00 00 00 00 00 19"
                + " 00 00 00 01 00 00 00 00 00 00 00 02 61 22");
        assertThat(binary(1007, "{{1},{2}}")).startsWith("00 00 00 02 00 00 00 00 00 00 00 17 00 00 00 02 00 00 00 01"
                + " 00 00 00 01 00 00 00 01");
        assertThat(binary(1007, "{}")).isEqualTo("00 00 00 00 00 00 00 00 00 00 00 17");
        assertThat(binary(PgTypes.TIME, "00:00:01.000002")).isEqualTo("00 00 00 00 00 0f 42 42");
        assertThat(binary(PgTypes.TIMETZ, "00:00:01+01")).isEqualTo("00 00 00 00 00 0f 42 40 ff ff f1 f0");
        assertThat(binary(PgTypes.POINT, "(1,-2)")).isEqualTo("3f f0 00 00 00 00 00 00 c0 00 00 00 00 00 00 00");
    }

    @Test
    void unsupportedTypesAreRefusedWith0A000() {
        assertThatThrownBy(() -> binary(869, "127.0.0.1")) // inet
                .isInstanceOfSatisfying(SqlError.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"));
    }
}
