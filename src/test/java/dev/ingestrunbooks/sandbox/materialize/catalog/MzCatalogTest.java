package dev.ingestrunbooks.sandbox.materialize.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog.ItemType;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MzCatalogTest {
    private static final String SECRET = Credentials.generatePassword();

    private final MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);

    private void guideObjects() {
        catalog.createSecret("pgpass", SECRET, false);
        catalog.createConnection("pg_connection", ConnectionKind.POSTGRES,
                Map.of("HOST", "db.example.com", "DATABASE", "postgres"), List.of("pgpass"), List.of(), false);
        catalog.createCluster("ingest_postgres", "50cc", 1);
        catalog.createSource(new SourceSpec("mz_source", "ingest_postgres", "pg_connection", "mz_source",
                List.of(new SourceSpec.Subsource("table1", "public", "table1"),
                        new SourceSpec.Subsource("table2", "public", "table2")), "mz_source_progress", false));
    }

    private static MzException error(Runnable r) {
        return catchThrowableOfType(MzException.class, r::run);
    }

    @Test
    void createsItemsWithSequentialIdsAndSourcePartsInOrder() {
        guideObjects();
        assertThat(catalog.items()).extracting(CatalogItem::id, CatalogItem::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("u1", "pgpass"),
                org.assertj.core.groups.Tuple.tuple("u2", "pg_connection"),
                org.assertj.core.groups.Tuple.tuple("u3", "mz_source"),
                org.assertj.core.groups.Tuple.tuple("u4", "mz_source_progress"),
                org.assertj.core.groups.Tuple.tuple("u5", "table1"),
                org.assertj.core.groups.Tuple.tuple("u6", "table2"));
        Source source = (Source) catalog.find("mz_source").orElseThrow();
        assertThat(source.clusterId()).isEqualTo(catalog.cluster("ingest_postgres").id());
        assertThat(source.replicationSlot()).startsWith("materialize_");
        assertThat(catalog.subsourcesOf(source.id())).extracting(Source::name).containsExactly("table1", "table2");
    }

    @Test
    void secretValuesStayInsideTheCatalog() {
        catalog.createSecret("pgpass", SECRET, false);
        assertThat(catalog.items().toString()).doesNotContain(SECRET);
        assertThat(catalog.revealSecretForUpstream("pgpass")).isEqualTo(SECRET);
    }

    @Test
    void duplicateNamesAndIfNotExists() {
        catalog.createSecret("pgpass", "a", false);
        MzException e = error(() -> catalog.createSecret("pgpass", "b", false));
        assertThat(e).hasMessage("catalog item 'pgpass' already exists");
        assertThat(e.sqlState()).isEqualTo("XX000");
        assertThat(catalog.createSecret("pgpass", "b", true)).isEmpty();
        assertThat(catalog.revealSecretForUpstream("pgpass")).isEqualTo("a");
        assertThatThrownBy(() -> catalog.createConnection("pgpass", ConnectionKind.SSH_TUNNEL, Map.of(), List.of(),
                List.of(), false)).hasMessage("catalog item 'pgpass' already exists");
        assertThatThrownBy(() -> catalog.createCluster("quickstart", "25cc", 1))
                .hasMessage("cluster 'quickstart' already exists");
    }

    @Test
    void unknownObjects() {
        assertThatThrownBy(() -> catalog.createConnection("pg", ConnectionKind.POSTGRES, Map.of(),
                List.of("nope"), List.of(), false)).hasMessage("unknown catalog item 'nope'");
        assertThatThrownBy(() -> catalog.connection("nope")).hasMessage("unknown catalog item 'nope'");
        assertThatThrownBy(() -> catalog.cluster("nope")).hasMessage("unknown cluster 'nope'");
        assertThatThrownBy(() -> catalog.drop(ItemType.SOURCE, List.of("nope"), false, false))
                .hasMessage("unknown catalog item 'nope'");
        assertThat(catalog.drop(ItemType.SOURCE, List.of("nope"), true, false)).isEmpty();
        assertThatThrownBy(() -> catalog.dropCluster("nope", false, false)).hasMessage("unknown cluster 'nope'");
    }

    @Test
    void createSourceChecksClusterConnectionAndPublication() {
        guideObjects();
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("s2", "nope", "pg_connection", "p", List.of(),
                "s2_progress", false))).hasMessage("unknown cluster 'nope'");
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("s2", "quickstart", "pgpass", "p", List.of(),
                "s2_progress", false)))
                .hasMessage("POSTGRES source validation: materialize.public.pgpass is not a POSTGRES CONNECTION");
        catalog.createConnection("ssh", ConnectionKind.SSH_TUNNEL, Map.of(), List.of(), List.of(), false);
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("s2", "quickstart", "ssh", "p", List.of(),
                "s2_progress", false)))
                .hasMessage("POSTGRES source validation: materialize.public.ssh is not a POSTGRES CONNECTION");
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("s2", "quickstart", "pg_connection", null,
                List.of(), "s2_progress", false)))
                .hasMessage("POSTGRES source validation: CONNECTION must specify PUBLICATION");
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("mz_source", "quickstart", "pg_connection",
                "p", List.of(), "x_progress", false)))
                .hasMessage("source \"materialize.public.mz_source\" already exists");
        assertThatThrownBy(() -> catalog.createSource(new SourceSpec("s3", "quickstart", "pg_connection",
                "p", List.of(new SourceSpec.Subsource("pgpass", "public", "t9")), "s3_progress", false)))
                .hasMessage("secret \"materialize.public.pgpass\" already exists");
        assertThat(catalog.createSource(new SourceSpec("mz_source", "quickstart", "pg_connection", "p", List.of(),
                "x_progress", true))).isEmpty();
    }

    @Test
    void subsourceNamesAndTablesMustBeUnique() {
        guideObjects();
        MzException dup = error(() -> catalog.createSource(new SourceSpec("s2", "quickstart", "pg_connection",
                "p", List.of(new SourceSpec.Subsource("t", "a", "t"), new SourceSpec.Subsource("t", "b", "t")),
                "s2_progress", false)));
        assertThat(dup).hasMessage("multiple subsources would be named t");
        assertThat(dup.detail()).isEqualTo("referenced tables with duplicate name: postgres.a.t, postgres.b.t");
        assertThatThrownBy(() -> catalog.addSubsources("mz_source",
                List.of(new SourceSpec.Subsource("again", "public", "table1"))))
                .hasMessage("another subsource already refers to postgres.public.table1");
        assertThat(catalog.addSubsources("mz_source", List.of(new SourceSpec.Subsource("table3", "public",
                "table3")))).extracting(Source::kind).containsExactly(SourceKind.SUBSOURCE);
    }

    @Test
    void dropWithDependentsNeedsCascade() {
        guideObjects();
        MzException secret = error(() -> catalog.drop(ItemType.SECRET, List.of("pgpass"), false, false));
        assertThat(secret).hasMessage("cannot drop secret \"pgpass\": still depended upon by connection "
                + "\"pg_connection\"");
        assertThat(secret.hint()).isEqualTo("Use DROP ... CASCADE to drop the dependent objects too.");
        assertThatThrownBy(() -> catalog.drop(ItemType.CONNECTION, List.of("pg_connection"), false, false))
                .hasMessage("cannot drop connection \"pg_connection\": still depended upon by source \"mz_source\"");
        assertThatThrownBy(() -> catalog.drop(ItemType.SOURCE, List.of("mz_source"), false, false))
                .hasMessage("cannot drop source \"mz_source\": still depended upon by source \"table1\", "
                        + "source \"table2\"");
        assertThatThrownBy(() -> catalog.drop(ItemType.SECRET, List.of("pg_connection"), false, false))
                .hasMessage("pg_connection is a connection not a secret");
        assertThatThrownBy(() -> catalog.createConnection("pg2", ConnectionKind.POSTGRES, Map.of(),
                List.of("pg_connection"), List.of(), false))
                .hasMessage("materialize.public.pg_connection is not a secret");
    }

    @Test
    void dropSourceCascadeDropsSubsourcesAndProgress() {
        guideObjects();
        List<CatalogItem> dropped = catalog.drop(ItemType.SOURCE, List.of("mz_source"), false, true);
        assertThat(dropped).extracting(CatalogItem::name)
                .containsExactlyInAnyOrder("table1", "table2", "mz_source_progress", "mz_source");
        assertThat(dropped.get(dropped.size() - 1).name()).isEqualTo("mz_source");
        assertThat(catalog.items()).extracting(CatalogItem::name).containsExactly("pgpass", "pg_connection");
    }

    @Test
    void dropSecretCascadeDropsTheWholeChain() {
        guideObjects();
        assertThat(catalog.drop(ItemType.SECRET, List.of("pgpass"), false, true)).hasSize(6);
        assertThat(catalog.items()).isEmpty();
    }

    @Test
    void newerVersionsDropASubsourceWithDropSource() {
        guideObjects();
        assertThat(catalog.drop(ItemType.SOURCE, List.of("table1"), false, false)).extracting(CatalogItem::name)
                .containsExactly("table1");
        assertThat(catalog.find("mz_source")).isPresent();
    }

    @Test
    void olderVersionsDropSubsourcesWithAlterSource() {
        MzCatalog old = new MzCatalog(MzCatalog.SubsourceStyle.ALTER_SOURCE);
        old.createSecret("pgpass", "x", false);
        old.createConnection("pg", ConnectionKind.POSTGRES, Map.of(), List.of("pgpass"), List.of(), false);
        old.createSource(new SourceSpec("src", "quickstart", "pg", "p", List.of(
                new SourceSpec.Subsource("conflict_table", "public", "conflict_table"),
                new SourceSpec.Subsource("t2", "public", "t2")), "src_progress", false));
        assertThatThrownBy(() -> old.drop(ItemType.SOURCE, List.of("conflict_table"), false, false)).hasMessage(
                "SOURCE \"conflict_table\" is a subsource and must be dropped with ALTER SOURCE...DROP SUBSOURCE");
        assertThat(old.dropSubsources("src", List.of("conflict_table", "gone"), true))
                .extracting(CatalogItem::name).containsExactly("conflict_table");
        assertThatThrownBy(() -> old.dropSubsources("src", List.of("gone"), false))
                .hasMessage("unknown catalog item 'gone'");
        assertThat(old.drop(ItemType.SOURCE, List.of("src"), false, false)).hasSize(3);
    }

    @Test
    void clustersResizeAndUnknownSizes() {
        Cluster c = catalog.createCluster("ingest_postgres", "200cc", 1);
        assertThat(c.replicas()).extracting(Cluster.Replica::name, Cluster.Replica::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "200cc"));
        Cluster resized = catalog.alterCluster("ingest_postgres", Optional.of("100cc"), Optional.empty());
        assertThat(resized.size()).isEqualTo("100cc");
        assertThat(resized.replicas().get(0).name()).isEqualTo("r1");
        assertThat(resized.replicas().get(0).id()).isNotEqualTo(c.replicas().get(0).id());
        assertThat(catalog.alterCluster("ingest_postgres", Optional.empty(), Optional.of(2)).replicas())
                .extracting(Cluster.Replica::name).containsExactly("r1", "r2");
        assertThat(catalog.alterCluster("ingest_postgres", Optional.empty(), Optional.of(0)).replicas()).isEmpty();
        MzException bad = error(() -> catalog.createCluster("x", "badsize", 1));
        assertThat(bad).hasMessage("unknown cluster replica size badsize");
        assertThat(bad.hint()).startsWith("Valid cluster replica sizes are: 25cc, 50cc, 100cc");
        assertThatThrownBy(() -> catalog.alterCluster("ingest_postgres", Optional.of("huge"), Optional.empty()))
                .hasMessage("unknown cluster replica size huge");
        assertThatThrownBy(() -> catalog.alterCluster("nope", Optional.of("25cc"), Optional.empty()))
                .hasMessage("unknown cluster 'nope'");
        assertThat(catalog.createCluster("legacy", "xsmall", 1).size()).isEqualTo("xsmall");
    }

    @Test
    void dropClusterWithSourcesNeedsCascade() {
        guideObjects();
        assertThatThrownBy(() -> catalog.dropCluster("ingest_postgres", false, false))
                .hasMessage("cannot drop cluster \"ingest_postgres\": still depended upon by source \"mz_source\"");
        assertThat(catalog.dropCluster("ingest_postgres", false, true)).hasSize(4);
        assertThat(catalog.clusters()).extracting(Cluster::name).containsExactly("quickstart");
    }

    @Test
    void alterSecretOverwritesTheValue() {
        catalog.createSecret("pgpass", "old", false);
        assertThat(catalog.alterSecret("pgpass", "new", false)).isTrue();
        assertThat(catalog.revealSecretForUpstream("pgpass")).isEqualTo("new");
        assertThat(catalog.alterSecret("nope", "x", true)).isFalse();
        assertThatThrownBy(() -> catalog.alterSecret("nope", "x", false)).hasMessage("unknown catalog item 'nope'");
    }
}
