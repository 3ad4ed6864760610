package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two instances copied from the same {@link RdsTemplate}: own secrets, own data, real password checks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RdsTemplateTest {

    private RdsPostgresInstance first;
    private RdsPostgresInstance second;

    @BeforeAll
    void startTwoInstances() {
        first = RdsPostgresInstance.builder("template-first").start();
        second = RdsPostgresInstance.builder("template-second").start();
    }

    @AfterAll
    void stopInstances() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void eachInstanceHasItsOwnMasterAndAdminPasswords() {
        Credentials template = RdsTemplate.forMajor(PostgresVersion.requestedMajor()).adminCredentials();

        assertThat(first.masterPassword()).isNotEqualTo(second.masterPassword());
        assertThat(first.server().adminCredentials().password())
                .isNotEqualTo(second.server().adminCredentials().password())
                .isNotEqualTo(template.password());
        assertThatThrownBy(() -> PgClient.connect(second.endpoint(), "postgres", second.masterUsername(),
                first.masterPassword()))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void theTemplateAdminPasswordIsRefusedThroughEveryEndpoint() {
        Credentials template = RdsTemplate.forMajor(PostgresVersion.requestedMajor()).adminCredentials();

        for (RdsPostgresInstance instance : List.of(first, second)) {
            assertThatThrownBy(() -> PgClient.connect(instance.endpoint(), "postgres", template.user(),
                    template.password()))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> PgClient.connect(first.endpoint(), "postgres", first.masterUsername(), "wrong"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void dataAreIndependent() throws SQLException {
        try (Connection c = master(first)) {
            PgClient.execute(c, "CREATE TABLE only_in_first(v text)", "INSERT INTO only_in_first VALUES ('first')");
        }
        try (Connection c = master(second)) {
            assertThat(PgClient.single(c, "SELECT to_regclass('only_in_first') IS NULL")).isEqualTo("t");
            assertThat(PgClient.single(c, "SELECT count(*) FROM pg_roles WHERE rolname = 'rds_superuser'"))
                    .isEqualTo("1");
        }
        try (Connection c = master(first)) {
            assertThat(PgClient.single(c, "SELECT v FROM only_in_first")).isEqualTo("first");
        }
    }

    private static Connection master(RdsPostgresInstance instance) throws SQLException {
        return PgClient.connect(instance.endpoint(), "postgres", instance.masterUsername(), instance.masterPassword());
    }
}
