package dev.ingestrunbooks.sandbox.materialize.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogRelationsTest {

    private static final String SECRET = Credentials.generatePassword();

    private static MzCatalog guideCatalog(MzCatalog.SubsourceStyle style) {
        MzCatalog catalog = new MzCatalog(style);
        catalog.createSecret("pgpass", SECRET, false);
        catalog.createConnection("pg_connection", ConnectionKind.POSTGRES,
                Map.of("HOST", "db", "DATABASE", "postgres", "USER", "materialize"), List.of("pgpass"), List.of(),
                false);
        catalog.createCluster("ingest_postgres", "100cc", 1);
        catalog.createSource(new SourceSpec("mz_source", "ingest_postgres", "pg_connection", "mz_source",
                List.of(new SourceSpec.Subsource("table1", "public", "table1")), "mz_source_progress", false));
        return catalog;
    }

    private final CatalogRelations relations = new CatalogRelations(guideCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE));

    @Test
    void mzSourcesHasMaterializesColumnsAndTypes() {
        CatalogRelation r = relations.mzSources();
        assertThat(r.columnNames()).containsExactly("id", "oid", "schema_id", "name", "type", "connection_id",
                "size", "envelope_type", "key_format", "value_format", "cluster_id", "owner_id", "privileges",
                "create_sql", "redacted_create_sql");
        assertThat(r.rows()).extracting(row -> row.get(3) + ":" + row.get(4) + ":" + row.get(10)).containsExactly(
                "mz_source:postgres:u2", "mz_source_progress:progress:null", "table1:subsource:null");
    }

    @Test
    void secretsNeverShowValues() {
        assertThat(relations.mzSecrets().rows()).hasSize(1);
        assertThat(relations.mzSecrets().toString() + relations.mzConnections()).doesNotContain(SECRET);
        assertThat(relations.mzConnections().rows().get(0)).containsSequence("u2", 20001L, "u3", "pg_connection",
                "postgres");
        assertThat((String) relations.mzConnections().rows().get(0).get(7)).isEqualTo(
                "CREATE CONNECTION \"materialize\".\"public\".\"pg_connection\" TO POSTGRES "
                        + "(DATABASE = 'postgres', HOST = 'db', USER = 'materialize')");
    }

    @Test
    void clustersAndReplicas() {
        assertThat(relations.mzClusters().rows()).extracting(row -> row.get(1) + ":" + row.get(5) + ":" + row.get(6))
                .containsExactly("quickstart:25cc:1", "ingest_postgres:100cc:1");
        assertThat(relations.mzClusterReplicas().rows()).extracting(row -> row.get(1) + ":" + row.get(3))
                .containsExactly("r1:25cc", "r1:100cc");
    }

    @Test
    void dependenciesFollowTheImitatedVersion() {
        assertThat(relations.mzObjectDependencies().rows()).containsExactly(List.of("u2", "u1"),
                List.of("u3", "u2"), List.of("u4", "u3"), List.of("u5", "u3"));
        CatalogRelations old = new CatalogRelations(guideCatalog(MzCatalog.SubsourceStyle.ALTER_SOURCE));
        assertThat(old.mzObjectDependencies().rows()).contains(List.of("u3", "u5"));
    }

    @Test
    void postgresSourcesListTheSlot() {
        assertThat(relations.mzPostgresSources().rows()).singleElement()
                .satisfies(row -> assertThat((String) row.get(1)).startsWith("materialize_"));
    }

    @Test
    void showResults() {
        ShowResults show = new ShowResults(relations);
        assertThat(show.sources(Optional.empty()).rows()).containsExactly(
                java.util.Arrays.asList("mz_source", "postgres", "ingest_postgres", null),
                java.util.Arrays.asList("mz_source_progress", "progress", null, null),
                java.util.Arrays.asList("table1", "subsource", null, null));
        assertThat(show.sources(Optional.of("quickstart")).rows()).isEmpty();
        assertThat(show.subsources(Optional.of("mz_source")).rows()).extracting(row -> row.get(0) + " " + row.get(1))
                .containsExactly("mz_source_progress progress", "table1 subsource");
        assertThat(show.connections().columnNames()).containsExactly("name", "type", "comment");
        assertThat(show.secrets().rows()).containsExactly(java.util.Arrays.asList("pgpass", null));
        assertThat(show.clusters().rows().get(1).get(1)).isEqualTo("r1 (100cc)");
        assertThat(show.clusterReplicas().columnNames()).containsExactly("cluster", "replica", "size", "ready",
                "comment");
        assertThat(show.clusterReplicas().rows().get(1)).containsExactly("ingest_postgres", "r1", "100cc", true,
                null);
        assertThatThrownBy(() -> show.sources(Optional.of("nope"))).hasMessage("unknown cluster 'nope'");
        assertThatThrownBy(() -> show.subsources(Optional.of("nope"))).hasMessage("unknown catalog item 'nope'");
    }

    @Test
    void showLikeFiltersByName() {
        ShowResults show = new ShowResults(relations);
        assertThat(show.sources(Optional.empty()).filterLike("mz\\_%").rows()).extracting(row -> row.get(0))
                .containsExactly("mz_source", "mz_source_progress");
        assertThat(show.sources(Optional.empty()).filterLike("table_").rows()).extracting(row -> row.get(0))
                .containsExactly("table1");
        assertThat(show.secrets().filterLike("nothing%").rows()).isEmpty();
    }
}
