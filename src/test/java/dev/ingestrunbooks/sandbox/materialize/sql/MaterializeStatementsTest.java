package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.sql.Classified.PlainKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MaterializeStatementsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM mz_egress_ips|QUERY",
        "WITH source_ids AS (SELECT id FROM mz_sources WHERE name = 'mz_source') SELECT * FROM source_ids|QUERY",
        "CREATE TEMP VIEW v AS SELECT 1|CREATE_VIEW",
        "create or replace temporary view v as select 1|CREATE_VIEW",
        "CREATE TABLE table1 FROM SOURCE mz_source (REFERENCE table1)|CREATE_TABLE_FROM_SOURCE",
        "CREATE TABLE t (a int)|OTHER",
        "INSERT INTO t VALUES (1)|OTHER",
        "DELETE FROM t|OTHER",
        "BEGIN|TRANSACTION",
        "COMMIT|TRANSACTION",
        "SUBSCRIBE TO v|SUBSCRIBE",
        "SET search_path = public|OTHER",
        "SHOW search_path|OTHER",
        "SHOW TABLES|MATERIALIZE_SHOW",
        "SHOW CREATE SOURCE mz_source|MATERIALIZE_SHOW",
        "SHOW COLUMNS FROM t1|MATERIALIZE_SHOW",
        "DROP TABLE t|OTHER",
    })
    void plainSqlGoesToTheBackingDatabase(String sql, PlainKind kind) {
        assertThat(MaterializeStatements.classify(sql)).isEqualTo(new Classified.PlainSql(sql, kind));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE SECRET pgpass AS 'x'",
        "CREATE CONNECTION c TO SSH TUNNEL (HOST 'h', USER 'u')",
        "CREATE CLUSTER c (SIZE = '50cc')",
        "CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') FOR ALL TABLES",
        "ALTER CLUSTER c SET (SIZE '100cc')",
        "ALTER SOURCE s ADD SUBSOURCE t",
        "DROP SOURCE s CASCADE",
        "DROP SECRET s",
        "VALIDATE CONNECTION c",
        "/* comment */ set CLUSTER = x;",
        "SHOW SOURCES",
        "SHOW CLUSTER REPLICAS WHERE cluster = 'ingest_postgres'",
        "SHOW cluster",
        "CREATE VIEW v AS SELECT 1",
        "create or replace view v as select 1",
        "CREATE MATERIALIZED VIEW mv AS SELECT 1",
        "CREATE INDEX ON v (a)",
        "CREATE DEFAULT INDEX ON v",
        "DROP VIEW v",
    })
    void materializeStatementsAreParsed(String sql) {
        assertThat(MaterializeStatements.classify(sql)).isInstanceOf(Classified.Materialize.class);
    }

    @Test
    void derivedKindsSayWhichAreRewritten() {
        assertThat(PlainKind.SUBSCRIBE.rewritten()).isTrue();
        assertThat(PlainKind.QUERY.rewritten()).isFalse();
        assertThat(PlainKind.CREATE_VIEW.rewritten()).isFalse();
    }

    @Test
    void emptyStatements() {
        assertThat(MaterializeStatements.classify(" -- only a comment\n ;")).isEqualTo(new Classified.Empty());
    }

    @Test
    void aMaterializeSyntaxErrorIsNotPassedThrough() {
        assertThatThrownBy(() -> MaterializeStatements.classify("CREATE SECRET AS 'x'"))
                .hasMessage("Expected identifier, found AS");
    }

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertThat(MaterializeStatements.split("SELECT ';'; CREATE CLUSTER c (SIZE '25cc') -- ;x\n;  ; SHOW SOURCES"))
                .containsExactly("SELECT ';'", "CREATE CLUSTER c (SIZE '25cc') -- ;x", "SHOW SOURCES");
    }
}
