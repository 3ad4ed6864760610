package dev.ingestrunbooks.sandbox.materialize.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogSnapshot;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog file: a saved catalog loads back equal, in a private file, and a foreign format is refused. */
class CatalogStoreTest {

    @TempDir
    Path dir;

    @Test
    void aSavedCatalogLoadsBackEqualAndARestoredCatalogContinuesItsIds() throws Exception {
        MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);
        catalog.createSecret("pg.pass word", "s3cr=t:\n'é'", false);
        catalog.createSecret("dropped", "x", false);
        catalog.drop(MzCatalog.ItemType.SECRET, List.of("dropped"), false, false);
        catalog.createConnection("pg_connection", ConnectionKind.POSTGRES,
                Map.of("HOST", "127.0.0.1", "PORT", "5432", "SSL MODE", "disable"), List.of("pg.pass word"), List.of(),
                false);
        catalog.createCluster("ingest", "50cc", 2);
        catalog.alterCluster("ingest", Optional.of("100cc"), Optional.empty());
        catalog.createSource(new SourceSpec("mz_source", "ingest", "pg_connection", "mz_source",
                List.of(new SourceSpec.Subsource("orders", "public", "orders")), "mz_source_progress", false));
        catalog.createView("big_orders", true, "ingest", "SELECT * FROM orders WHERE qty > 10",
                List.of("orders", "qty"), false);
        catalog.createView("v", false, null, "SELECT 1", List.of(), false);
        catalog.createIndex(Optional.empty(), "big_orders", "ingest", List.of("id", "qty"), false);
        CatalogStore.Saved saved = new CatalogStore.Saved(catalog.snapshot(),
                Map.of("pg_connection", Map.of("PASSWORD", "pg.pass word")));

        new CatalogStore(dir).saveIfChanged(saved);

        assertThat(Files.getPosixFilePermissions(dir.resolve(CatalogStore.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        CatalogStore.Saved loaded = new CatalogStore(dir).load().orElseThrow();
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.toString()).doesNotContain("s3cr=t");

        MzCatalog restored = MzCatalog.restore(MzCatalog.SubsourceStyle.DROP_SOURCE, loaded.catalog());
        assertThat(restored.revealSecretForUpstream("pg.pass word")).isEqualTo("s3cr=t:\n'é'");
        CatalogSnapshot before = catalog.snapshot();
        assertThat(restored.createSecret("next", "v", false).orElseThrow().id())
                .isEqualTo(catalog.createSecret("next", "v", false).orElseThrow().id())
                .isEqualTo("u" + before.counters().nextItemId());
        assertThat(restored.createCluster("c2", "25cc", 1)).isEqualTo(catalog.createCluster("c2", "25cc", 1));
    }

    /** Schemas and a subsource in one survive a restart: same ids, same keys, new schemas continue the ids. */
    @Test
    void schemasAndSubsourcesInThemLoadBack() throws Exception {
        MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);
        catalog.createSecret("pw", "x", false);
        catalog.createConnection("pg", ConnectionKind.POSTGRES, Map.of("HOST", "h", "PORT", "5432"), List.of("pw"),
                List.of(), false);
        catalog.createSchema("other", false);
        catalog.createSource(new SourceSpec("src", "quickstart", "pg", "p",
                List.of(new SourceSpec.Subsource("other", "t1", "public", "t1"),
                        new SourceSpec.Subsource("t1", "public", "t2")), "src_progress", false));
        CatalogStore.Saved saved = new CatalogStore.Saved(catalog.snapshot(), Map.of());
        new CatalogStore(dir).saveIfChanged(saved);

        CatalogStore.Saved loaded = new CatalogStore(dir).load().orElseThrow();
        assertThat(loaded).isEqualTo(saved);
        MzCatalog restored = MzCatalog.restore(MzCatalog.SubsourceStyle.DROP_SOURCE, loaded.catalog());
        assertThat(restored.schemaId("other")).isEqualTo(catalog.schemaId("other")).isEqualTo("u4");
        assertThat(restored.find("other.t1").orElseThrow().schema()).isEqualTo("other");
        assertThat(restored.find("t1").orElseThrow().schema()).isEqualTo("public");
        assertThat(restored.createSchema("next", false).orElseThrow().id()).isEqualTo("u5");
    }

    @Test
    void aFileOfAnotherFormatIsRefusedWithAMessage() throws Exception {
        Files.writeString(dir.resolve(CatalogStore.FILE), "format=99\n");

        assertThatThrownBy(() -> new CatalogStore(dir).load()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has format 99").hasMessageContaining("use a new state directory");
    }

    @Test
    void nothingSavedYetLoadsEmpty() {
        assertThat(new CatalogStore(dir).load()).isEmpty();
    }
}
