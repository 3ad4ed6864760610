package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.catalog.SourceSpec;
import dev.ingestrunbooks.sandbox.materialize.catalog.SourceSpec.Subsource;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcePlannerTest {
    private static final List<PublishedTable> TABLES = List.of(new PublishedTable("public", "table1"),
            new PublishedTable("public", "table2"), new PublishedTable("other", "table2"));
    private final SourcePlanner planner = new SourcePlanner("postgres", TABLES);

    private SourcePlanner.PlannedSource plan(String sql) {
        return planner.plan((MzStatement.CreateSource) MzParser.parse(sql), "quickstart", false);
    }

    @Test
    void forAllTablesInTheRdsGuide() {
        SourceSpec spec = plan("CREATE SOURCE mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION "
                + "pg_connection (PUBLICATION 'mz_source') FOR ALL TABLES;").spec();
        assertThat(spec).isEqualTo(new SourceSpec("mz_source", "ingest_postgres", "pg_connection", "mz_source",
                List.of(new Subsource("table1", "public", "table1"), new Subsource("table2", "public", "table2"),
                        new Subsource("table2", "other", "table2")), "mz_source_progress", false));
    }

    @Test
    void auroraGuideUsesTheSessionCluster() {
        assertThat(plan("CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source') "
                + "FOR ALL TABLES").spec().cluster()).isEqualTo("quickstart");
    }

    @Test
    void forTablesAndSchemasWithAliasesAndTextColumns() {
        SourcePlanner.PlannedSource p = plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p', "
                + "TEXT COLUMNS (table1.mood)) FOR TABLES (table1, other.table2 AS other_table2) "
                + "EXPOSE PROGRESS AS s_prog");
        assertThat(p.spec().subsources()).containsExactly(new Subsource("table1", "public", "table1"),
                new Subsource("other_table2", "other", "table2"));
        assertThat(p.spec().progressName()).isEqualTo("s_prog");
        assertThat(p.textColumns()).containsExactly("public.table1.mood");
        assertThat(plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') FOR SCHEMAS (other)")
                .spec().subsources()).containsExactly(new Subsource("table2", "other", "table2"));
        assertThat(plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p')").spec().subsources())
                .isEmpty();
    }

    @Test
    void purificationErrors() {
        assertThatThrownBy(() -> plan("CREATE SOURCE s FROM POSTGRES CONNECTION c FOR ALL TABLES"))
                .hasMessage("POSTGRES source validation: CONNECTION must specify PUBLICATION");
        assertThatThrownBy(() -> plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') "
                + "FOR TABLES (nope)")).hasMessage("reference to nope not found in source");
        assertThatThrownBy(() -> plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p') "
                + "FOR TABLES (table2)")).hasMessage("reference to table2 is ambiguous, consider specifying an "
                + "additional layer of qualification");
        MzException schemas = catchThrowableOfType(MzException.class, () -> plan("CREATE SOURCE s FROM POSTGRES "
                + "CONNECTION c (PUBLICATION 'p') FOR SCHEMAS (public, x)"));
        assertThat(schemas).hasMessage("POSTGRES source validation: database postgres missing referenced schemas");
        assertThat(schemas.detail()).isEqualTo("missing schemas: x");
        MzException unnecessary = catchThrowableOfType(MzException.class, () -> plan("CREATE SOURCE s FROM "
                + "POSTGRES CONNECTION c (PUBLICATION 'p', TEXT COLUMNS (t.a))"));
        assertThat(unnecessary).hasMessage("POSTGRES source validation: TEXT COLUMNS option is unnecessary when "
                + "no tables are added");
        assertThat(unnecessary.hint()).isEqualTo("Remove the TEXT COLUMNS option, as no tables are being added.");
        MzException dangling = catchThrowableOfType(MzException.class, () -> plan("CREATE SOURCE s FROM POSTGRES "
                + "CONNECTION c (PUBLICATION 'p', TEXT COLUMNS (table_f.f2)) FOR TABLES (table1)"));
        assertThat(dangling).hasMessage("POSTGRES source validation: TEXT COLUMNS refers to table not currently "
                + "being added");
        assertThat(dangling.detail()).isEqualTo("the following tables are referenced but not added: public.table_f");
        assertThatThrownBy(() -> plan("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p', "
                + "TEXT COLUMNS (foo)) FOR ALL TABLES")).hasMessage("invalid TEXT COLUMNS option value: column "
                + "name 'foo' must have at least a table qualification");
    }

    @Test
    void emptyPublicationAndLegacyForRequirement() {
        SourcePlanner empty = new SourcePlanner("postgres", List.of());
        MzStatement.CreateSource all = (MzStatement.CreateSource) MzParser.parse(
                "CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'mz_source') FOR ALL TABLES");
        assertThatThrownBy(() -> empty.plan(all, "quickstart", true))
                .hasMessage("POSTGRES source validation: PUBLICATION mz_source is empty");
        MzException missing = catchThrowableOfType(MzException.class, () -> planner.plan((MzStatement.CreateSource)
                MzParser.parse("CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p')"), "quickstart", true));
        assertThat(missing).hasMessage("POSTGRES source validation: missing TABLES specification");
        assertThat(missing.hint()).isEqualTo("provide a FOR TABLES (..), FOR SCHEMAS (..), or FOR ALL TABLES clause");
    }

    @Test
    void addSubsource() {
        SourcePlanner.PlannedAdd add = planner.planAdd((MzStatement.AlterSourceAddSubsource) MzParser.parse(
                "ALTER SOURCE mz_source ADD SUBSOURCE table1 AS t1 WITH (TEXT COLUMNS [table1.f2])"), "mz_source");
        assertThat(add.subsources()).containsExactly(new Subsource("t1", "public", "table1"));
        assertThat(add.textColumns()).containsExactly("public.table1.f2");
        assertThatThrownBy(() -> new SourcePlanner("postgres", List.of()).planAdd(
                (MzStatement.AlterSourceAddSubsource) MzParser.parse("ALTER SOURCE s ADD SUBSOURCE t"), "mz_source"))
                .hasMessage("POSTGRES source validation: PUBLICATION mz_source is empty");
    }
}
