package dev.ingestrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PgQuoteTest {

    @Test
    void identifiersDoubleTheirQuotesAndKeepTheirCase() {
        assertThat(PgQuote.ident("Orders")).isEqualTo("\"Orders\"");
        assertThat(PgQuote.ident("na\"me")).isEqualTo("\"na\"\"me\"");
        assertThat(PgQuote.identIfNeeded("orders_2")).isEqualTo("orders_2");
        assertThat(PgQuote.identIfNeeded("Orders")).isEqualTo("\"Orders\"");
        assertThat(PgQuote.identIfNeeded("2fa")).isEqualTo("\"2fa\"");
    }

    @Test
    void literalsDoubleQuotesAndLeaveBackslashesAlone() {
        assertThat(PgQuote.literal("it's")).isEqualTo("'it''s'");
        assertThat(PgQuote.literal("back\\slash")).isEqualTo("'back\\slash'");
        assertThat(PgQuote.literal("")).isEqualTo("''");
    }

    @Test
    void arrayLiteralsQuoteEveryValueSoNothingReadsAsNullOrSplits() {
        assertThat(PgQuote.arrayLiteral(Arrays.asList("say \"hi\"", null, "NULL", "back\\slash", "{a,b}", "")))
                .isEqualTo("{\"say \\\"hi\\\"\",NULL,\"NULL\",\"back\\\\slash\",\"{a,b}\",\"\"}");
    }
}
