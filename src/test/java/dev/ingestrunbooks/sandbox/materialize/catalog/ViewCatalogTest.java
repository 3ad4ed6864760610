package dev.ingestrunbooks.sandbox.materialize.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.View;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog.ItemType;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Views, materialized views and indexes in the catalog: dependencies, DROP rules, names, relations. */
class ViewCatalogTest {
    private static final String SECRET = Credentials.generatePassword();

    private final MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);

    ViewCatalogTest() {
        catalog.createSecret("pgpass", SECRET, false);
        catalog.createConnection("pg_connection", ConnectionKind.POSTGRES, Map.of("HOST", "h", "DATABASE", "d"),
                List.of("pgpass"), List.of(), false);
        catalog.createCluster("ingest_postgres", "50cc", 1);
        catalog.createSource(new SourceSpec("mz_source", "ingest_postgres", "pg_connection", "mz_source",
                List.of(new SourceSpec.Subsource("orders", "public", "orders")), "mz_source_progress", false));
    }

    @Test
    void viewsDependOnTheSourcesAndViewsTheyNameAndBlockARestrictDrop() {
        View mv = catalog.createView("order_count", true, "ingest_postgres", "SELECT count(*) FROM orders",
                Set.of("orders", "count"), false);
        catalog.createView("big", false, null, "SELECT * FROM order_count", Set.of("order_count"), false);
        assertThat(mv.references()).containsExactly("orders");
        assertThat(mv.typeName()).isEqualTo("materialized view");
        assertThatThrownBy(() -> catalog.drop(ItemType.SOURCE, List.of("orders"), false, false))
                .hasMessage("cannot drop source \"orders\": still depended upon by materialized view"
                        + " \"order_count\"");
        List<CatalogItem> dropped = catalog.drop(ItemType.SOURCE, List.of("orders"), false, true);
        assertThat(dropped).extracting(CatalogItem::name).containsExactly("big", "order_count", "orders");
    }

    @Test
    void indexesTakeDerivedNamesAndGoSilentlyWithTheirRelation() {
        catalog.createView("v", false, null, "SELECT * FROM orders", Set.of("orders"), false);
        assertThat(catalog.createIndex(Optional.empty(), "v", "quickstart", List.of(), false).orElseThrow().name())
                .isEqualTo("v_primary_idx");
        assertThat(catalog.createIndex(Optional.empty(), "v", "quickstart", List.of("id", "lower(name)"), false)
                .orElseThrow().name()).isEqualTo("v_id_expr_idx");
        assertThat(catalog.createIndex(Optional.empty(), "v", "quickstart", List.of(), true)).isEmpty();
        assertThatThrownBy(() -> catalog.createIndex(Optional.empty(), "nope", "quickstart", List.of(), false))
                .hasMessage("unknown catalog item 'nope'");
        assertThat(catalog.drop(ItemType.VIEW, List.of("v"), false, false)).extracting(CatalogItem::name)
                .containsExactlyInAnyOrder("v_primary_idx", "v_id_expr_idx", "v");
    }

    @Test
    void dropChecksTheKindAndDropClusterTakesMaterializedViews() {
        catalog.createView("mv", true, "ingest_postgres", "SELECT 1", Set.of(), false);
        assertThatThrownBy(() -> catalog.drop(ItemType.VIEW, List.of("mv"), false, false))
                .hasMessage("mv is a materialized view not a view");
        assertThatThrownBy(() -> catalog.createView("mv", false, null, "SELECT 2", Set.of(), false))
                .hasMessage("materialized view \"materialize.public.mv\" already exists");
        assertThatThrownBy(() -> catalog.createView("mv2", true, "nope", "SELECT 2", Set.of(), false))
                .hasMessage("unknown cluster 'nope'");
        assertThat(catalog.dropCluster("ingest_postgres", false, true)).extracting(CatalogItem::name)
                .contains("mv", "mz_source");
    }

    @Test
    void relationsListTheNewItems() {
        catalog.createView("mv", true, "ingest_postgres", "SELECT * FROM orders", Set.of("orders"), false);
        catalog.createIndex(Optional.of("mv_idx"), "mv", "ingest_postgres", List.of("id"), false);
        CatalogRelations relations = new CatalogRelations(catalog);
        assertThat(relations.mzObjects().rows()).extracting(r -> r.get(3) + "|" + r.get(4)).containsExactly(
                "pgpass|secret", "pg_connection|connection", "mz_source|source", "mz_source_progress|source",
                "orders|source", "mv|materialized-view", "mv_idx|index");
        assertThat(relations.mzMaterializedViews().rows()).singleElement()
                .satisfies(r -> assertThat(r.get(5)).isEqualTo("SELECT * FROM orders"));
        String mvId = catalog.find("mv").orElseThrow().id();
        assertThat(relations.mzObjectDependencies().rows()).contains(List.of(mvId, catalog.find("orders")
                .orElseThrow().id()), List.of(catalog.find("mv_idx").orElseThrow().id(), mvId));
    }
}
