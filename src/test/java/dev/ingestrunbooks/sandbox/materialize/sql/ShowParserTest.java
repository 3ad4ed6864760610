package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.Show;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ShowTarget;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShowParserTest {

    private static Show show(String sql) {
        return (Show) MzParser.parse(sql);
    }

    @Test
    void showSourcesWithFromAndInCluster() {
        assertThat(show("SHOW SOURCES FROM public IN CLUSTER ingest_postgres")).isEqualTo(new Show(
                ShowTarget.SOURCES, Optional.empty(), Optional.of(QualifiedName.of("public")),
                Optional.of("ingest_postgres"), Optional.empty(), Optional.empty()));
    }

    @Test
    void showSubsourcesOnASource() {
        assertThat(show("SHOW SUBSOURCES ON mz_source").on()).contains(QualifiedName.of("mz_source"));
    }

    @Test
    void showClusterReplicasWhereKeepsTheExpressionText() {
        Show s = show("SHOW CLUSTER REPLICAS WHERE cluster = 'ingest_postgres';");
        assertThat(s.target()).isEqualTo(ShowTarget.CLUSTER_REPLICAS);
        assertThat(s.where()).contains("cluster = 'ingest_postgres'");
    }

    @Test
    void otherTargetsAndLike() {
        assertThat(show("SHOW CONNECTIONS").target()).isEqualTo(ShowTarget.CONNECTIONS);
        assertThat(show("SHOW SECRETS LIKE 'pg%'").like()).contains("pg%");
        assertThat(show("show clusters").target()).isEqualTo(ShowTarget.CLUSTERS);
    }

    @Test
    void showClusterReadsTheSessionVariable() {
        assertThat(MzParser.parse("SHOW cluster;")).isEqualTo(new MzStatement.ShowCluster());
    }
}
