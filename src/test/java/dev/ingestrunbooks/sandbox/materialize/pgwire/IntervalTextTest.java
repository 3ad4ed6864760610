package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's interval output → Materialize's (docs/materialize.md §7.3); the expected texts follow the code of
 * Materialize's {@code strconv::format_interval} (not the older examples in its doc comment, which predate the
 * sign rules).
 */
class IntervalTextTest {

    @Test
    void unitsArePluralWhenNotOneAndMonthsAreWrittenOut() {
        assertThat(IntervalText.toMaterialize("1 year 2 mons 3 days 04:05:06.789123"))
                .isEqualTo("1 year 2 months 3 days 04:05:06.789123");
        assertThat(IntervalText.toMaterialize("1 mon")).isEqualTo("1 month");
        assertThat(IntervalText.toMaterialize("2 years")).isEqualTo("2 years");
        assertThat(IntervalText.toMaterialize("1 year 2 mons 5 days 03:04:00")).isEqualTo("1 year 2 months 5 days 03:04:00");
        assertThat(IntervalText.toMaterialize("00:00:00")).isEqualTo("00:00:00");
        assertThat(IntervalText.toMaterialize("100:00:00")).isEqualTo("100:00:00");
        assertThat(IntervalText.toMaterialize("00:00:00.5")).isEqualTo("00:00:00.5");
    }

    @Test
    void signsFollowMaterializesRules() {
        assertThat(IntervalText.toMaterialize("-1 mons")).as("negative months are plural").isEqualTo("-1 months");
        assertThat(IntervalText.toMaterialize("-1 years")).isEqualTo("-1 years");
        assertThat(IntervalText.toMaterialize("-1 days")).isEqualTo("-1 days");
        assertThat(IntervalText.toMaterialize("-1 days +01:00:00")).isEqualTo("-1 days +01:00:00");
        assertThat(IntervalText.toMaterialize("-1 years -2 mons +3 days +04:05:06"))
                .as("no + on the time after positive days").isEqualTo("-1 years -2 months +3 days 04:05:06");
        assertThat(IntervalText.toMaterialize("-1 years +04:05:06")).isEqualTo("-1 years +04:05:06");
        assertThat(IntervalText.toMaterialize("-1 years +5 days +18:59:29.3")).isEqualTo("-1 years +5 days 18:59:29.3");
        assertThat(IntervalText.toMaterialize("1 mon -00:00:01")).isEqualTo("1 month -00:00:01");
        assertThat(IntervalText.toMaterialize("-00:00:00.000001")).isEqualTo("-00:00:00.000001");
    }

    @Test
    void materializesOwnTextReadsBackAndOtherStylesStayAsTheyAre() {
        assertThat(IntervalText.parse("-1 years -2 months +3 days 04:05:06"))
                .isEqualTo(new IntervalText.Interval(-14, 3, 14_706_000_000L));
        assertThat(IntervalText.toMaterialize("P1Y2M")).isEqualTo("P1Y2M");
        assertThat(IntervalText.toMaterialize("@ 1 year 2 mons")).isEqualTo("@ 1 year 2 mons");
        assertThat(IntervalText.toMaterialize("infinity")).isEqualTo("infinity");
    }

    @Test
    void binaryIsMicrosDaysMonths() throws SqlError {
        byte[] binary = BinaryValues.toBinary(PgTypes.INTERVAL, "1 year 2 months 3 days 00:00:01.5"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Hex.of(binary)).isEqualTo("00 00 00 00 00 16 e3 60 00 00 00 03 00 00 00 0e");
        assertThat(Hex.of(BinaryValues.toBinary(PgTypes.INTERVAL_ARRAY,
                "{\"1 month\",00:00:00}".getBytes(StandardCharsets.UTF_8))))
                .startsWith("00 00 00 01 00 00 00 00 00 00 04 a2 00 00 00 02 00 00 00 01");
    }
}
