package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.sandbox.SandboxMaterialize;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import dev.ingestrunbooks.drivers.MaterializeAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Materialize driver against the sandbox's emulator and a real upstream: one session like psql, Materialize's
 * errors with their DETAIL, and the clean-up that drops what a run created (and with a source its replication slot)
 * while leaving what existed before alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaterializeDriverTest {
    private RdsPostgresInstance rds;
    private SandboxMaterialize sandbox;

    @BeforeAll
    void start() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-driver-upstream").start();
        rds.reboot(Map.of("rds.logical_replication", "1"));
        try (Connection c = upstream(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text); ALTER TABLE t REPLICA IDENTITY FULL;"
                    + " INSERT INTO t VALUES (1, 'a'), (2, NULL); CREATE PUBLICATION mz_source FOR ALL TABLES");
        }
        sandbox = SandboxMaterialize.start();
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    @Test
    void closeDropsWhatTheRunCreatedAndItsSlotButNothingElse() throws SQLException {
        Materialize before = driver();
        before.execute("CREATE CLUSTER kept (SIZE = '25cc')");
        Materialize run = driver();
        run.execute("CREATE CLUSTER ingest_postgres (SIZE = '50cc'); SET CLUSTER = ingest_postgres;");
        run.execute("CREATE SECRET pgpass AS '" + rds.masterPassword() + "';"
                + " CREATE CONNECTION pg_connection TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass, DATABASE 'postgres');"
                + " CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')"
                + " FOR ALL TABLES");
        assertThat(run.query("SHOW SOURCES").rows()).anySatisfy(r -> assertThat(r).containsSequence("mz_source",
                "postgres", "ingest_postgres")); // SET CLUSTER held: the session is kept between scripts
        assertThat(slots()).isEqualTo(1);
        run.execute("CREATE MATERIALIZED VIEW t_count AS SELECT count(*) AS n FROM t; CREATE DEFAULT INDEX ON t_count");

        run.close();

        assertThat(before.query("SELECT name FROM mz_clusters WHERE id LIKE 'u%' ORDER BY name").column("name"))
                .containsExactly("kept", "quickstart");
        assertThat(before.query("SELECT name FROM mz_sources").rows()).isEmpty();
        assertThat(before.query("SELECT name FROM mz_connections").rows()).isEmpty();
        assertThat(before.query("SELECT name FROM mz_secrets").rows()).isEmpty();
        assertThat(before.query("SELECT name FROM mz_materialized_views").rows()).isEmpty();
        assertThat(before.query("SELECT name FROM mz_indexes WHERE id LIKE 'u%'").rows())
                .as("an index the script did not name goes with its view").isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> slots() == 0);
        before.execute("DROP CLUSTER kept");
        before.close();
    }

    @Test
    void errorsCarryMaterializesTextDetailAndNoSecret() {
        Materialize run = driver();
        assertThatThrownBy(() -> run.execute("CREATE SECRET s AS '" + rds.masterPassword() + "';"
                + " CREATE CONNECTION c TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET s, DATABASE 'postgres');"
                + " CREATE SOURCE src IN CLUSTER nowhere FROM POSTGRES CONNECTION c (PUBLICATION 'mz_source')"
                + " FOR ALL TABLES"))
                .isInstanceOfSatisfying(MaterializeError.class, e -> {
                    assertThat(e.primary()).isEqualTo("unknown cluster 'nowhere'");
                    assertThat(e.getMessage()).doesNotContain(rds.masterPassword()).contains("'****'");
                    assertThat(MaterializeDiagnosis.diagnose(e)).hasValueSatisfying(f ->
                            assertThat(f.fix()).isEqualTo(GuideStep.C1));
                });
        run.close();
        assertThat(driver().query("SELECT name FROM mz_secrets").rows()).as("created before the failure")
                .isEmpty();
    }

    @Test
    void theListingOfCreatedObjectsIsOneQueryMaterializeAnswers() {
        Materialize run = driver();
        run.execute("CREATE SECRET listed AS 'x'; CREATE CLUSTER listed_cluster (SIZE = '25cc')");
        assertThat(run.query(Materialize.createdObjectsListing()).rows())
                .contains(List.of("SECRET", "listed"), List.of("CLUSTER", "listed_cluster"));
        run.close();
        assertThat(driver().query(Materialize.createdObjectsListing()).rows()).as("dropped by close")
                .doesNotContain(List.of("SECRET", "listed"), List.of("CLUSTER", "listed_cluster"))
                .contains(List.of("CLUSTER", "quickstart"));
    }

    private Materialize driver() {
        MaterializeAccess access = sandbox.access();
        return new Materialize(access.endpoint(), access.user(), access.password(), ChangeGuard.ALLOW_ALL);
    }

    private Connection upstream() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + rds.host() + ":" + rds.port() + "/postgres",
                rds.masterUsername(), rds.masterPassword());
    }

    private int slots() throws SQLException {
        try (Connection c = upstream(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
