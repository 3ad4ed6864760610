package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.sandbox.materialize.ingest.ProgressStore.TableRow;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A subsource's error is read back with the kind it was stored with, whatever its text says; an error stored
 * without a kind (state written before the kind was kept) falls back to the rule by its text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressStoreTest {

    private EmbeddedPostgresServer server;
    private final ProgressStore progress = new ProgressStore("p1");

    @BeforeAll
    void start() throws SQLException {
        server = EmbeddedPostgresServer.inTemporaryDirectory("mz-progress", PostgresVersion.requestedMajor());
        server.start(Map.of());
        try (Connection c = server.connect("postgres")) {
            ProgressStore.createSchema(c);
            progress.insertSource(c, "slot", "pub", Lsn.parse("0/100"));
            for (String name : List.of("healthy", "stored_ceased", "stored_stalled", "old_schema", "old_other")) {
                UpstreamTable table = new UpstreamTable("public", name, 1, List.of(
                        new UpstreamColumn("id", 1, 23, -1, "integer", false)));
                progress.insertTable(c, table, new TableMapping("public." + name, name), Lsn.parse("0/50"));
            }
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void errorsComeBackWithTheirStoredKindAndOldOnesByTheirText() throws SQLException {
        try (Connection c = server.connect("postgres")) {
            progress.saveError(c, "stored_ceased", SourceStatus.ceased("table was truncated"));
            progress.saveError(c, "stored_stalled", SourceStatus.stalled("incompatible schema change on public.x: y"));
            Upstream.execute(c, "UPDATE mz_ingest_tables SET error = 'postgres: incompatible schema change on"
                            + " public.old_schema: column \"c\" was dropped or renamed upstream' WHERE target = 'old_schema'",
                    "UPDATE mz_ingest_tables SET error = 'postgres: table was truncated' WHERE target = 'old_other'");
            Map<String, Optional<SourceStatus>> failures = new java.util.HashMap<>();
            for (TableRow row : progress.tables(c)) {
                failures.put(row.target(), row.failure());
            }
            assertThat(failures).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "healthy", Optional.empty(),
                    "stored_ceased", Optional.of(SourceStatus.ceased("table was truncated")),
                    "stored_stalled", Optional.of(SourceStatus.stalled("incompatible schema change on public.x: y")),
                    "old_schema", Optional.of(SourceStatus.ceased("incompatible schema change on public.old_schema:"
                            + " column \"c\" was dropped or renamed upstream")),
                    "old_other", Optional.of(SourceStatus.stalled("table was truncated"))));
        }
    }
}
