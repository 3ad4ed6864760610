package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Materialize's parser error shape: {@code Expected <what>, found <token>|EOF}, SQLSTATE 42601. */
class SyntaxErrorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') FOR TABLE|Expected one of ALL or TABLES or SCHEMAS, found TABLE",
        "CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') FOR ALL|Expected TABLES, found EOF",
        "CREATE SOURCE s FROM MYSQL CONNECTION c|Expected POSTGRES, found identifier \"mysql\"",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h' PORT 5432)|Expected right parenthesis, found PORT",
        "CREATE CONNECTION c TO POSTGRES (HOTS 'h')|Expected one of AVAILABILITY or AWS or BROKER or BROKERS or DATABASE or HOST or PASSWORD or PORT or SERVICE or SSH or SSL or URL or USER, found identifier \"hots\"",
        "CREATE CONNECTION c TO KAFKA (BROKER 'b')|Expected one of POSTGRES or AWS or SSH, found identifier \"kafka\"",
        "CREATE CLUSTER c (SIZE = )|Expected option value, found right parenthesis",
        "CREATE SECRET s AS|Expected literal string, found EOF",
        "CREATE SECRET s 'x'|Expected AS, found string literal \"x\"",
        "SET CLUSTER ingest_postgres|Expected equals sign or TO, found identifier \"ingest_postgres\"",
        "DROP SOURCE s CASCADE extra|Expected end of statement, found identifier \"extra\"",
        "DROP SOURCE|Expected identifier, found EOF",
        "SHOW CLUSTER REPLICA|Expected REPLICAS, found REPLICA",
        "ALTER CLUSTER c (SIZE '25cc')|Expected SET, found left parenthesis",
        "VALIDATE privatelink_svc|Expected CONNECTION, found identifier \"privatelink_svc\"",
    })
    void reportsMaterializeParserErrors(String sql, String message) {
        MzException e = catchThrowableOfType(MzException.class, () -> MaterializeStatements.classify(sql));
        assertThat(e).hasMessage(message);
        assertThat(e.sqlState()).isEqualTo("42601");
    }

    @Test
    void errorsCarryTheOffsetOfTheOffendingToken() {
        MzException e = catchThrowableOfType(MzException.class, () -> MzParser.parse("DROP SOURCE s extra"));
        assertThat(e.position()).hasValue(14);
        MzException eof = catchThrowableOfType(MzException.class, () -> MzParser.parse("DROP SOURCE"));
        assertThat(eof.position()).hasValue(11);
        MzException lex = catchThrowableOfType(MzException.class, () -> MzParser.parse("CREATE SECRET s AS 'x"));
        assertThat(lex.position()).hasValue(19);
    }
}
