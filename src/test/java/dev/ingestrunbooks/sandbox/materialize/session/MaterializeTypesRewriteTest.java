package dev.ingestrunbooks.sandbox.materialize.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.pgwire.IntervalText;
import org.junit.jupiter.api.Test;

/** The SQL and text rewrites behind Materialize's type names and interval text (docs/materialize.md §7.2–§7.3). */
class MaterializeTypesRewriteTest {

    @Test
    void pgTypeofCallsGoToTheBackingFunctionAndNothingElseChanges() {
        assertThat(MaterializeTypes.rewrite("SELECT pg_typeof(c), PG_TYPEOF ( d ) FROM t"))
                .isEqualTo("SELECT mz_internal.pg_typeof(c), mz_internal.pg_typeof ( d ) FROM t");
        assertThat(MaterializeTypes.rewrite("SELECT pg_catalog.pg_typeof(c) FROM t"))
                .isEqualTo("SELECT mz_internal.pg_typeof(c) FROM t");
        assertThat(MaterializeTypes.rewrite("SELECT 'pg_typeof(1)', \"pg_typeof\"(1), other.pg_typeof(1), pg_typeof"))
                .as("literals, quoted names, other schemas and a bare column name stay")
                .isEqualTo("SELECT 'pg_typeof(1)', \"pg_typeof\"(1), other.pg_typeof(1), pg_typeof");
        assertThat(MaterializeTypes.rewrite("SELECT 1")).isEqualTo("SELECT 1");
    }

    @Test
    void arrayElementsAreRewrittenAndQuotedByArrayOutsRule() {
        assertThat(MaterializeTypes.mapArrayElements("{\"1 year\",\"2 days\"}", IntervalText::toMaterialize))
                .isEqualTo("{\"1 year\",\"2 days\"}");
        assertThat(MaterializeTypes.mapArrayElements("{{\"1 mon\",NULL},{00:00:00,\"-1 mons\"}}",
                IntervalText::toMaterialize)).isEqualTo("{{\"1 month\",NULL},{00:00:00,\"-1 months\"}}");
        assertThat(MaterializeTypes.mapArrayElements("[0:1]={\"a b\",\"q\\\"x\",\"\"}", s -> s))
                .isEqualTo("[0:1]={\"a b\",\"q\\\"x\",\"\"}");
        assertThat(MaterializeTypes.mapArrayElements("{}", IntervalText::toMaterialize)).isEqualTo("{}");
    }
}
