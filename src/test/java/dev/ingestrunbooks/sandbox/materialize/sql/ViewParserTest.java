package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateIndex;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateView;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.DropObjects;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ObjectType;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.Show;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ShowTarget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Views, materialized views and indexes (the guides' "next steps") parsed into records; classification. */
class ViewParserTest {

    @Test
    void materializedViewWithClusterColumnsAndOptionsKeepsTheQueryText() {
        assertThat(MzParser.parse("CREATE MATERIALIZED VIEW IF NOT EXISTS mv (n) IN CLUSTER ingest_postgres"
                + " WITH (RETAIN HISTORY FOR '1h') AS SELECT count(*) FROM orders WHERE f(a, b) > 1;"))
                .isEqualTo(new CreateView(false, true, true, QualifiedName.of("mv"), List.of("n"),
                        Optional.of("ingest_postgres"), "SELECT count(*) FROM orders WHERE f(a, b) > 1"));
        assertThat(MzParser.parse("create or replace view v as select 1"))
                .isEqualTo(new CreateView(true, false, false, QualifiedName.of("v"), List.of(), Optional.empty(),
                        "select 1"));
    }

    @Test
    void indexesNamedOrDefaultWithExpressionKeys() {
        assertThat(MzParser.parse("CREATE INDEX v_idx IN CLUSTER c ON v (lower(name), id)"))
                .isEqualTo(new CreateIndex(false, false, Optional.of("v_idx"), Optional.of("c"),
                        QualifiedName.of("v"), List.of("lower(name)", "id")));
        assertThat(MzParser.parse("CREATE DEFAULT INDEX IN CLUSTER c ON v"))
                .isEqualTo(new CreateIndex(true, false, Optional.empty(), Optional.of("c"), QualifiedName.of("v"),
                        List.of()));
        assertThat(MzParser.parse("CREATE INDEX ON public.v USING ARRANGEMENT (id)"))
                .isEqualTo(new CreateIndex(false, false, Optional.empty(), Optional.empty(),
                        new QualifiedName(List.of("public", "v")), List.of("id")));
        assertThatThrownBy(() -> MzParser.parse("CREATE INDEX ON v")).isInstanceOfSatisfying(MzException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Expected left parenthesis, found EOF"));
    }

    @Test
    void dropAndShowForms() {
        assertThat(MzParser.parse("DROP MATERIALIZED VIEW IF EXISTS mv CASCADE")).isEqualTo(new DropObjects(
                ObjectType.MATERIALIZED_VIEW, true, List.of(QualifiedName.of("mv")), true));
        assertThat(ObjectType.MATERIALIZED_VIEW.sql()).isEqualTo("MATERIALIZED VIEW");
        assertThat(MzParser.parse("DROP INDEX i")).isEqualTo(new DropObjects(ObjectType.INDEX, false,
                List.of(QualifiedName.of("i")), false));
        assertThat(MzParser.parse("SHOW MATERIALIZED VIEWS IN CLUSTER c")).isEqualTo(new Show(
                ShowTarget.MATERIALIZED_VIEWS, Optional.empty(), Optional.empty(), Optional.of("c"),
                Optional.empty(), Optional.empty()));
        assertThat(MzParser.parse("SHOW INDEXES ON v")).isEqualTo(new Show(ShowTarget.INDEXES,
                Optional.of(QualifiedName.of("v")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void temporaryViewsStayPlainSqlTheOthersAreMaterializes() {
        assertThat(MaterializeStatements.classify("CREATE TEMP VIEW t AS SELECT 1"))
                .isInstanceOf(Classified.PlainSql.class);
        for (String sql : List.of("CREATE VIEW v AS SELECT 1", "CREATE OR REPLACE MATERIALIZED VIEW m AS SELECT 1",
                "CREATE DEFAULT INDEX ON v", "DROP VIEW v", "SHOW VIEWS", "SHOW INDEXES")) {
            assertThat(MaterializeStatements.classify(sql)).as(sql).isInstanceOf(Classified.Materialize.class);
        }
    }
}
