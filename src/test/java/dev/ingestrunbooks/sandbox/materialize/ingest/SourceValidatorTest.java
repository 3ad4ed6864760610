package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
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

/**
 * CREATE SOURCE validation against one sandbox RDS instance: first with logical replication off, then after a
 * reboot with {@code rds.logical_replication=1}. Texts from docs/materialize.md §4.2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceValidatorTest {

    private RdsPostgresInstance rds;

    @BeforeAll
    void start() throws SQLException {
        rds = RdsPostgresInstance.builder("mz-validate").start();
        try (Connection c = Upstream.master(rds).connect()) {
            Upstream.execute(c,
                    "CREATE TABLE good(id int, name text)", "ALTER TABLE good REPLICA IDENTITY FULL",
                    "CREATE TABLE plain(id int PRIMARY KEY)",
                    "CREATE TABLE secret(id int)", "ALTER TABLE secret REPLICA IDENTITY FULL",
                    "CREATE TABLE wallet(id int, amount money)", "ALTER TABLE wallet REPLICA IDENTITY FULL",
                    "CREATE SCHEMA other", "CREATE TABLE other.s(id int)", "ALTER TABLE other.s REPLICA IDENTITY FULL",
                    "CREATE PUBLICATION mz_source FOR TABLE good, plain, secret, wallet, other.s",
                    "CREATE PUBLICATION empty_pub",
                    "CREATE ROLE mz LOGIN PASSWORD 'mz-secret'", "GRANT rds_replication TO mz",
                    "GRANT SELECT ON good, plain, wallet, other.s TO mz",
                    "CREATE ROLE noreplication LOGIN PASSWORD 'nr-secret'",
                    "GRANT SELECT ON good TO noreplication");
        }
    }

    @AfterAll
    void stop() {
        rds.close();
    }

    private SourceValidationError failure(UpstreamEndpoint endpoint, String publication, String... tables) {
        return catchThrowableOfType(SourceValidationError.class,
                () -> SourceValidator.validate(endpoint, publication, List.of(tables)));
    }

    @Test
    @Order(1)
    void walLevelReplicaFailsFirst() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "no_such_pub");
        assertThat(error).hasMessage("POSTGRES source validation: server must have wal_level >= logical, but has replica");
        assertThat(error.sqlState()).isEqualTo("XX000");
        rds.reboot(Map.of("rds.logical_replication", "1"));
    }

    @Test
    @Order(2)
    void missingPublication() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "no_such_pub");
        assertThat(error).hasMessage("failed to connect to PostgreSQL database");
        assertThat(error.detail()).contains("publication no_such_pub does not exist");
    }

    @Test
    @Order(3)
    void emptyPublication() {
        assertThat(failure(Upstream.as(rds, "mz", "mz-secret"), "empty_pub"))
                .hasMessage("POSTGRES source validation: PUBLICATION empty_pub is empty");
    }

    @Test
    @Order(4)
    void missingSelect() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "mz_source", "good", "secret");
        assertThat(error).hasMessage("failed to connect to PostgreSQL database");
        assertThat(error.detail()).contains("user mz lacks SELECT privileges for tables public.secret");
    }

    @Test
    @Order(4)
    void missingUsageOnSchema() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "mz_source", "other.s");
        assertThat(error).hasMessage("failed to connect to PostgreSQL database");
        assertThat(error.detail()).contains("user mz lacks USAGE privileges for schemas other");
    }

    @Test
    @Order(5)
    void replicaIdentityNotFull() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "mz_source", "good", "plain");
        assertThat(error).hasMessage("POSTGRES source validation: referenced items not tables with REPLICA IDENTITY FULL");
        assertThat(error.detail()).contains("referenced items: public.plain");
    }

    @Test
    @Order(6)
    void unsupportedType() {
        SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "mz_source", "wallet");
        assertThat(error).hasMessage("POSTGRES source validation: referenced tables use unsupported types");
        assertThat(error.detail()).contains(
                "the following columns contain unsupported types:\npostgres.public.wallet.amount (OID 790)");
        assertThat(error.hint()).contains("Use the TEXT COLUMNS option naming the listed columns, and Materialize"
                + " can ingest their values as text.");
    }

    @Test
    @Order(7)
    void noReplicationPrivilege() {
        SourceValidationError error = failure(Upstream.as(rds, "noreplication", "nr-secret"), "mz_source", "good");
        assertThat(error).hasMessage("failed to connect to PostgreSQL database");
        assertThat(error.detail()).contains("db error: FATAL: permission denied to start WAL sender");
    }

    @Test
    @Order(8)
    void validSourceReturnsItsTablesAndColumns() throws SourceValidationError {
        List<UpstreamTable> tables = SourceValidator.validate(Upstream.as(rds, "mz", "mz-secret"), "mz_source",
                List.of("public.good"));
        assertThat(tables).singleElement().satisfies(t -> {
            assertThat(t.qualifiedName()).isEqualTo("public.good");
            assertThat(t.columns()).extracting(UpstreamTable.UpstreamColumn::typeName).containsExactly("integer", "text");
        });
    }

    @Test
    @Order(9)
    void tooFewFreeSlots() throws SQLException {
        try (Connection c = Upstream.master(rds).connect()) {
            Upstream.execute(c, "SELECT pg_create_logical_replication_slot('filler_' || i, 'pgoutput')"
                    + " FROM generate_series(1, current_setting('max_replication_slots')::int - 1) i");
            SourceValidationError error = failure(Upstream.as(rds, "mz", "mz-secret"), "mz_source", "good");
            assertThat(error).hasMessage(
                    "POSTGRES source validation: PostgreSQL server has insufficient number of replication slots available");
            assertThat(error.detail()).contains("executing this statement requires 2 replication slots");
            Upstream.execute(c, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name LIKE 'filler_%'");
        }
    }
}
