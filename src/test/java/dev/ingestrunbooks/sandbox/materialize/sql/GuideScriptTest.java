package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelation;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.ShowResults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RDS guide's Materialize statements (docs/materialize.md §1.4, §1.6, §1.9) run through split → classify → parse →
 * plan → catalog, the way the emulator will wire them; plain SQL is only collected.
 */
class GuideScriptTest {
    private static final String RDS_GUIDE = """
            CREATE CLUSTER ingest_postgres (SIZE = '50cc');

            SET CLUSTER = ingest_postgres;
            SELECT * FROM mz_egress_ips;
            CREATE SECRET pgpass AS '<PASSWORD>';
            CREATE CONNECTION pg_connection TO POSTGRES (
              HOST '<host>',
              PORT 5432,
              USER 'materialize',
              PASSWORD SECRET pgpass,
              SSL MODE 'require',
              DATABASE '<database>'
              );
            CREATE SOURCE mz_source
              IN CLUSTER ingest_postgres          -- RDS only; Aurora omits this line
              FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
              FOR ALL TABLES;
            ALTER CLUSTER ingest_postgres SET (SIZE '100cc');
            SHOW CLUSTER REPLICAS WHERE cluster = 'ingest_postgres';
            """;

    private final MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);
    private final List<String> plainSql = new ArrayList<>();
    private final List<MzStatement.Show> shows = new ArrayList<>();
    private String sessionCluster = "quickstart";

    private void run(String script) {
        for (String sql : MaterializeStatements.split(script)) {
            Classified c = MaterializeStatements.classify(sql);
            if (c instanceof Classified.PlainSql p) {
                plainSql.add(p.sql());
            } else if (c instanceof Classified.Materialize m) {
                apply(m.statement());
            }
        }
    }

    private void apply(MzStatement statement) {
        if (statement instanceof MzStatement.CreateCluster c) {
            ClusterPlanner.PlannedCluster p = ClusterPlanner.create(c);
            catalog.createCluster(p.name(), p.size().orElseThrow(), p.replicationFactor().orElseThrow());
        } else if (statement instanceof MzStatement.AlterClusterSet a) {
            ClusterPlanner.PlannedCluster p = ClusterPlanner.alter(a);
            catalog.alterCluster(p.name(), p.size(), p.replicationFactor());
        } else if (statement instanceof MzStatement.SetCluster s) {
            sessionCluster = catalog.cluster(s.cluster()).name();
        } else if (statement instanceof MzStatement.CreateSecret s) {
            catalog.createSecret(s.name().item(), s.value(), s.ifNotExists());
        } else if (statement instanceof MzStatement.CreateConnection c) {
            PlannedConnection p = ConnectionPlanner.plan(c);
            catalog.createConnection(p.name(), p.kind(), p.options(), p.secretRefs(), p.connectionRefs(),
                    p.ifNotExists());
        } else if (statement instanceof MzStatement.CreateSource s) {
            SourcePlanner planner = new SourcePlanner("<database>", List.of(new PublishedTable("public", "t1"),
                    new PublishedTable("public", "t2")));
            catalog.createSource(planner.plan(s, sessionCluster, false).spec());
        } else if (statement instanceof MzStatement.Show s) {
            shows.add(s);
        }
    }

    @Test
    void theRdsGuideBuildsTheExpectedCatalog() {
        run(RDS_GUIDE);
        assertThat(plainSql).containsExactly("SELECT * FROM mz_egress_ips");
        assertThat(sessionCluster).isEqualTo("ingest_postgres");
        assertThat(catalog.revealSecretForUpstream("pgpass")).isEqualTo("<PASSWORD>");
        CatalogRelations relations = new CatalogRelations(catalog);
        assertThat(new ShowResults(relations).subsources(java.util.Optional.of("mz_source")).rows())
                .extracting(row -> row.get(0)).containsExactly("mz_source_progress", "t1", "t2");
        CatalogRelation replicas = new ShowResults(relations).clusterReplicas();
        assertThat(replicas.rows()).extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(2))
                .contains("ingest_postgres r1 100cc");
        assertThat(shows).singleElement().satisfies(s -> assertThat(s.where()).contains("cluster = 'ingest_postgres'"));
    }
}
