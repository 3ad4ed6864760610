package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.AlterSourceAddSubsource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.AlterSourceDropSubsource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateSource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ForClause;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.TableReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CREATE SOURCE and ALTER SOURCE as the guides (docs/materialize.md §1.9) and the reference (§2.6–2.8) write them. */
class SourceParserTest {

    @Test
    void rdsGuideSourceWithClusterAndComment() {
        CreateSource s = (CreateSource) MzParser.parse("""
                CREATE SOURCE mz_source
                  IN CLUSTER ingest_postgres          -- RDS only; Aurora omits this line
                  FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
                  FOR ALL TABLES;""");
        assertThat(s).isEqualTo(new CreateSource(false, QualifiedName.of("mz_source"), Optional.of("ingest_postgres"),
                QualifiedName.of("pg_connection"), List.of(new MzOption("PUBLICATION", new OptionValue.Text(
                        "mz_source"))), new ForClause.AllTables(), Optional.empty(), List.of()));
        assertThat(s.publication()).contains("mz_source");
    }

    @Test
    void auroraGuideSourceWithoutCluster() {
        CreateSource s = (CreateSource) MzParser.parse("CREATE SOURCE mz_source FROM POSTGRES CONNECTION "
                + "pg_connection (PUBLICATION 'mz_source') FOR ALL TABLES;");
        assertThat(s.inCluster()).isEmpty();
        assertThat(s.forClause()).isEqualTo(new ForClause.AllTables());
    }

    @Test
    void newSyntaxHasNoForClause() {
        CreateSource s = (CreateSource) MzParser.parse("CREATE SOURCE IF NOT EXISTS mz_source IN CLUSTER "
                + "ingest_postgres FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source');");
        assertThat(s.ifNotExists()).isTrue();
        assertThat(s.forClause()).isEqualTo(new ForClause.None());
    }

    @Test
    void forTablesWithAliasesTextColumnsAndProgress() {
        CreateSource s = (CreateSource) MzParser.parse("CREATE SOURCE src FROM POSTGRES CONNECTION pg "
                + "(PUBLICATION 'p', TEXT COLUMNS (t1.status, public.t2.mood)) "
                + "FOR TABLES (t1, conflict_schema.conflict_table AS public.conflict_table) "
                + "EXPOSE PROGRESS AS src_prog WITH (RETAIN HISTORY FOR '1d')");
        assertThat(s.textColumns()).containsExactly("t1.status", "public.t2.mood");
        assertThat(s.forClause()).isEqualTo(new ForClause.Tables(List.of(
                new TableReference(QualifiedName.of("t1"), Optional.empty()),
                new TableReference(QualifiedName.of("conflict_schema", "conflict_table"),
                        Optional.of(QualifiedName.of("public", "conflict_table"))))));
        assertThat(s.progressName()).contains(QualifiedName.of("src_prog"));
        assertThat(s.with()).containsExactly(new MzOption("RETAIN HISTORY", new OptionValue.Text("1d")));
        assertThat(((ForClause.Tables) s.forClause()).tables().get(0).subsourceName())
                .isEqualTo(QualifiedName.of("t1"));
    }

    @Test
    void textColumnsInBracketFormAndForSchemas() {
        CreateSource s = (CreateSource) MzParser.parse("CREATE SOURCE src FROM POSTGRES CONNECTION pg "
                + "(PUBLICATION 'p', TEXT COLUMNS [t.a, t.b]) FOR SCHEMAS (public, other)");
        assertThat(s.textColumns()).containsExactly("t.a", "t.b");
        assertThat(s.forClause()).isEqualTo(new ForClause.Schemas(List.of("public", "other")));
    }

    @Test
    void missingPublicationParsesAndIsLeftToPlanning() {
        CreateSource s = (CreateSource) MzParser.parse("CREATE SOURCE src FROM POSTGRES CONNECTION pg FOR ALL TABLES");
        assertThat(s.publication()).isEmpty();
        assertThat(s.textColumns()).isEmpty();
    }

    @Test
    void alterSourceAddSubsourceWithTextColumns() {
        AlterSourceAddSubsource a = (AlterSourceAddSubsource) MzParser.parse(
                "ALTER SOURCE mz_source ADD SUBSOURCE table_f, public.table_g AS g WITH (TEXT COLUMNS [table_f.f2])");
        assertThat(a.source()).isEqualTo(QualifiedName.of("mz_source"));
        assertThat(a.tables()).extracting(TableReference::subsourceName)
                .containsExactly(QualifiedName.of("table_f"), QualifiedName.of("g"));
        assertThat(a.with()).containsExactly(new MzOption("TEXT COLUMNS",
                new OptionValue.ListOf(List.of(new OptionValue.Ident(QualifiedName.of("table_f", "f2"))))));
        assertThat(MzParser.parse("ALTER SOURCE IF EXISTS s ADD TABLE t"))
                .isEqualTo(new AlterSourceAddSubsource(true, QualifiedName.of("s"),
                        List.of(new TableReference(QualifiedName.of("t"), Optional.empty())), List.of()));
    }

    @Test
    void alterSourceDropSubsource() {
        assertThat(MzParser.parse("ALTER SOURCE mz_source DROP SUBSOURCE IF EXISTS t1, t2 CASCADE")).isEqualTo(
                new AlterSourceDropSubsource(QualifiedName.of("mz_source"), true,
                        List.of(QualifiedName.of("t1"), QualifiedName.of("t2")), true));
    }
}
