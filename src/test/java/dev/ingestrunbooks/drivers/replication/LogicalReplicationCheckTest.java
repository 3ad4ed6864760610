package dev.ingestrunbooks.drivers.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guide's replication check against a real server: a change arrives decoded with its table, and the full old
 * row comes along only for a table with REPLICA IDENTITY FULL (what step A2 sets).
 */
class LogicalReplicationCheckTest {

    @Test
    void changesArriveWithTheFullOldRowOnlyUnderReplicaIdentityFull() {
        try (RdsPostgresInstance rds = RdsPostgresInstance.builder("replcheck")
                .parameters(Map.of("rds.logical_replication", "1")).start()) {
            UpstreamPostgres admin = new UpstreamPostgres(new PgEndpoint(rds.host(), rds.port(), "postgres"),
                    rds.masterUsername(), rds.masterPassword(), ChangeGuard.ALLOW_ALL);
            admin.execute("CREATE TABLE full_t (id int PRIMARY KEY, v text);"
                    + "CREATE TABLE keyed_t (id int PRIMARY KEY, v text);"
                    + "ALTER TABLE full_t REPLICA IDENTITY FULL;"
                    + "INSERT INTO full_t VALUES (1, 'a'); INSERT INTO keyed_t VALUES (1, 'a');"
                    + "CREATE PUBLICATION check_pub FOR TABLE full_t, keyed_t;");
            try (LogicalReplicationCheck check = admin.logicalReplicationAs(rds.masterUsername(),
                    rds.masterPassword(), "check_pub")) {
                assertThat(check.snapshotRowCount("full_t")).isEqualTo(1);
                admin.execute("UPDATE keyed_t SET v = 'b'; UPDATE full_t SET v = 'b';");
                LogicalReplicationCheck.Change keyed = check.awaitChange("keyed_t", Duration.ofSeconds(30));
                LogicalReplicationCheck.Change full = check.awaitChange("public.full_t", Duration.ofSeconds(30));
                assertThat(keyed).isEqualTo(new LogicalReplicationCheck.Change('U', "public.keyed_t", false));
                assertThat(full).isEqualTo(new LogicalReplicationCheck.Change('U', "public.full_t", true));
            }
        }
    }
}
