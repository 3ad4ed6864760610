package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.sql.ClusterPlanner.PlannedCluster;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {

    @Test
    void createDefaultsToOneReplica() {
        assertThat(ClusterPlanner.create((MzStatement.CreateCluster) MzParser.parse(
                "CREATE CLUSTER ingest_postgres (SIZE = '50cc');")))
                .isEqualTo(new PlannedCluster("ingest_postgres", Optional.of("50cc"), Optional.of(1)));
        assertThat(ClusterPlanner.create((MzStatement.CreateCluster) MzParser.parse(
                "CREATE CLUSTER c SIZE 'small', REPLICATION FACTOR = 0")).replicationFactor()).contains(0);
    }

    @Test
    void alterChangesOnlyWhatIsGiven() {
        assertThat(ClusterPlanner.alter((MzStatement.AlterClusterSet) MzParser.parse(
                "ALTER CLUSTER ingest_postgres SET (SIZE '100cc')")))
                .isEqualTo(new PlannedCluster("ingest_postgres", Optional.of("100cc"), Optional.empty()));
        assertThat(ClusterPlanner.alter((MzStatement.AlterClusterSet) MzParser.parse(
                "ALTER CLUSTER c SET (REPLICATION FACTOR 2)")).size()).isEmpty();
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> ClusterPlanner.create((MzStatement.CreateCluster) MzParser.parse(
                "CREATE CLUSTER c (REPLICATION FACTOR 1)"))).hasMessage("SIZE option is required");
        assertThatThrownBy(() -> ClusterPlanner.alter((MzStatement.AlterClusterSet) MzParser.parse(
                "ALTER CLUSTER c SET (REPLICATION FACTOR 'two')")))
                .hasMessage("invalid REPLICATION FACTOR option value: cannot use value as number");
    }
}
