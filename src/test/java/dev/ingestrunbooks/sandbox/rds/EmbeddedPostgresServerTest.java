package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void restartAppliesNewSettingsOnTheSameDataAndPort() throws SQLException {
        Path directory;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.inTemporaryDirectory("restart", PostgresVersion.requestedMajor())) {
            server.start(Map.of("wal_level", "replica"));
            directory = server.dataDirectory().getParent();
            int port = server.port();
            try (Connection c = server.connect("postgres")) {
                Jdbc.execute(c, "CREATE TABLE kept(v text)", "INSERT INTO kept VALUES ('still here')");
            }

            server.restart(Map.of("wal_level", "logical"));

            assertThat(server.port()).isEqualTo(port);
            try (Connection c = server.connect("postgres")) {
                assertThat(Jdbc.queryString(c, "SHOW wal_level")).isEqualTo("logical");
                assertThat(Jdbc.queryString(c, "SHOW max_wal_senders")).isEqualTo("10");
                assertThat(Jdbc.queryString(c, "SELECT v FROM kept")).isEqualTo("still here");
            }
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void aServerCopiedFromTheTemplateHashesPasswordsWithFewScramIterations() throws SQLException {
        int major = PostgresVersion.requestedMajor();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.inTemporaryDirectory("scram", major)) {
            server.start(Map.of());
            try (Connection c = server.connect("postgres")) {
                Jdbc.execute(c, "CREATE ROLE hashed LOGIN PASSWORD 'not-a-real-secret'");
                String verifier = Jdbc.queryString(c, "SELECT rolpassword FROM pg_authid WHERE rolname = 'hashed'");
                assertThat(verifier).startsWith(major >= 16
                        ? "SCRAM-SHA-256$" + PlainClusterTemplate.SCRAM_ITERATIONS + ":" : "SCRAM-SHA-256$4096:");
            }
        }
    }

    @Test
    void wrongMajorVersionFailsClearlyAndLeavesNothingBehind() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.inTemporaryDirectory("wrong-version", 13);
        Path directory = server.dataDirectory().getParent();

        assertThatThrownBy(() -> server.start(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL 13 was requested")
                .hasMessageContaining("binaries on the classpath are PostgreSQL 16.");
        assertThat(server.isRunning()).isFalse();
        server.close();
        server.close();
        assertThat(Files.exists(directory)).isFalse();
    }
}
