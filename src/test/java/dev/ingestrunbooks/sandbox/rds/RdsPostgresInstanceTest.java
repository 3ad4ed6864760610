package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * One RDS instance for the whole class; the tests run in order: checks before the reboot, the reboot with
 * {@code rds.logical_replication=1}, checks after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RdsPostgresInstanceTest {

    private static final String SETTING_QUERY =
            "SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication'";
    private RdsPostgresInstance instance;

    @BeforeAll
    void startInstance() throws SQLException {
        instance = RdsPostgresInstance.builder("orders").start();
        try (Connection c = master("postgres")) {
            PgClient.execute(c,
                    "CREATE TABLE orders(id int PRIMARY KEY, item text)",
                    "INSERT INTO orders VALUES (1, 'before reboot')",
                    "CREATE ROLE materialize LOGIN PASSWORD 'mz-secret'",
                    "GRANT rds_replication TO materialize",
                    "CREATE ROLE app LOGIN PASSWORD 'app-secret'",
                    "CREATE DATABASE shop");
        }
    }

    @AfterAll
    void stopInstance() {
        instance.close();
    }

    private Connection master(String database) throws SQLException {
        return PgClient.connect(instance.endpoint(), database, instance.masterUsername(), instance.masterPassword());
    }

    @Test
    @Order(1)
    void startsLikeRdsWithLogicalReplicationOff() throws SQLException {
        try (Connection c = master("postgres")) {
            assertThat(PgClient.rows(c, SETTING_QUERY)).containsExactly(List.of("rds.logical_replication", "off"));
            assertThat(PgClient.single(c, "SHOW rds.logical_replication")).isEqualTo("off");
            assertThat(PgClient.single(c, "SHOW wal_level")).isEqualTo("replica");
            assertThat(PgClient.single(c, "SELECT pg_has_role(current_user, 'rds_superuser', 'member')"))
                    .isEqualTo("t");
            // a deviation from RDS, see RdsBootstrap: the guide's FOR ALL TABLES needs a superuser in vanilla PostgreSQL
            assertThat(PgClient.single(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("t");
        }
    }

    @Test
    @Order(2)
    void settingRowIsVisibleInLaterDatabasesForAnyUser() throws SQLException {
        try (Connection c = PgClient.connect(instance.endpoint(), "shop", "app", "app-secret")) {
            assertThat(PgClient.rows(c, SETTING_QUERY)).containsExactly(List.of("rds.logical_replication", "off"));
        }
    }

    @Test
    @Order(3)
    void logicalSlotFailsBeforeTheReboot() throws SQLException {
        try (Connection c = master("postgres")) {
            assertThatThrownBy(() -> PgClient.execute(c,
                    "SELECT pg_create_logical_replication_slot('too_early', 'pgoutput')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("logical decoding requires wal_level >= logical")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
        }
    }

    @Test
    @Order(4)
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> PgClient.connect(instance.endpoint(), "postgres", instance.masterUsername(), "wrong"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> PgClient.replication(instance.endpoint(), "postgres", "materialize", "wrong"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    @Order(5)
    void nonMemberOfRdsReplicationCannotStartWalSender() {
        assertThatThrownBy(() -> PgClient.replication(instance.endpoint(), "postgres", "app", "app-secret"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied to start WAL sender")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    @Test
    @Order(10)
    void rebootWithLogicalReplicationTurnsItOnAndKeepsData() throws SQLException {
        instance.reboot(Map.of("rds.logical_replication", "1"));

        try (Connection c = master("postgres")) {
            assertThat(PgClient.rows(c, SETTING_QUERY)).containsExactly(List.of("rds.logical_replication", "on"));
            assertThat(PgClient.single(c, "SHOW rds.logical_replication")).isEqualTo("on");
            assertThat(PgClient.single(c, "SHOW wal_level")).isEqualTo("logical");
            assertThat(PgClient.rows(c, "SELECT id, item FROM orders")).containsExactly(List.of("1", "before reboot"));
        }
    }

    @Test
    @Order(11)
    void memberOfRdsReplicationCreatesATemporaryPgoutputSlot() throws SQLException {
        try (Connection c = PgClient.replication(instance.endpoint(), "postgres", "materialize", "mz-secret")) {
            ReplicationSlotInfo slot = c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot()
                    .logical().withSlotName("mz_slot").withOutputPlugin("pgoutput").withTemporaryOption().make();
            assertThat(slot.getOutputPlugin()).isEqualTo("pgoutput");
            assertThat(slot.getConsistentPoint().asLong()).isPositive();
        }
    }

    @Test
    @Order(12)
    void indirectMemberThroughRdsSuperuserMayReplicate() throws SQLException {
        try (Connection c = PgClient.replication(instance.endpoint(), "postgres", instance.masterUsername(),
                instance.masterPassword())) {
            assertThat(PgClient.rows(c, "IDENTIFY_SYSTEM")).hasSize(1);
        }
    }

    @Test
    @Order(13)
    void revokedMemberIsRefusedOnItsNextConnection() throws SQLException {
        try (Connection c = master("postgres")) {
            PgClient.execute(c, "REVOKE rds_replication FROM materialize");
        }
        assertThatThrownBy(() -> PgClient.replication(instance.endpoint(), "postgres", "materialize", "mz-secret"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied to start WAL sender");
    }
}
