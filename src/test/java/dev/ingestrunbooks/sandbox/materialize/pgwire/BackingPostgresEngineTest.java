package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's reuse of backing connections, on a real PostgreSQL: a session that ends idle hands its connection to
 * the next with the session state reset; one that ends inside a transaction, or after a cancel, does not; at most
 * {@link BackingPostgresEngine#MAX_IDLE} wait; {@code close()} ends the waiting ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackingPostgresEngineTest {

    private EmbeddedPostgresServer backing;
    private BackingPostgresEngine engine;

    @BeforeAll
    void startBacking() {
        backing = EmbeddedPostgresServer.inTemporaryDirectory("engine-pool", PostgresVersion.requestedMajor());
        backing.start(Map.of());
    }

    @AfterAll
    void stopBacking() {
        backing.close();
    }

    @BeforeEach
    void newEngine() {
        engine = new BackingPostgresEngine((user, database) -> backing.connect("postgres"));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void aSessionEndingIdleHandsItsConnectionOnWithTheSessionStateReset() throws Exception {
        String first;
        try (SqlSession session = open()) {
            session.executeSimple("SET application_name = 'first session'; SET TimeZone = 'Asia/Tokyo';"
                    + " CREATE TEMP TABLE scratch (n int); PREPARE mine AS SELECT 1");
            first = value(session, "SELECT pg_backend_pid()");
        }
        try (SqlSession session = open()) {
            assertThat(value(session, "SELECT pg_backend_pid()")).as("the same backend").isEqualTo(first);
            assertThat(value(session, "SELECT current_setting('application_name')")).isEmpty();
            assertThat(value(session, "SELECT current_setting('TimeZone')")).as("the engine's own setting again")
                    .isEqualTo("UTC");
            assertThat(value(session, "SELECT coalesce(to_regclass('pg_temp.scratch')::text, 'none')"))
                    .as("temporary table").isEqualTo("none");
            assertThat(value(session, "SELECT count(*) FROM pg_prepared_statements")).isEqualTo("0");
        }
    }

    @Test
    void aSessionEndingInsideATransactionClosesItsConnectionAndItsWorkIsRolledBack() throws Exception {
        try (SqlSession session = open()) {
            session.executeSimple("CREATE TABLE IF NOT EXISTS kept (n int); TRUNCATE kept");
        }
        String first;
        try (SqlSession session = open()) {
            session.executeSimple("BEGIN; INSERT INTO kept VALUES (1)");
            first = value(session, "SELECT pg_backend_pid()");
        }
        try (SqlSession session = open()) {
            assertThat(value(session, "SELECT pg_backend_pid()")).as("a new backend").isNotEqualTo(first);
            assertThat(value(session, "SELECT count(*) FROM kept")).as("rows of the unfinished transaction")
                    .isEqualTo("0");
        }
        awaitGone(first);
    }

    @Test
    void aCancelledSessionsConnectionIsNeverReused() throws Exception {
        String first;
        try (SqlSession session = open()) {
            first = value(session, "SELECT pg_backend_pid()");
            session.cancel(); // nothing runs: cancel is a no-op, and the connection stays reusable
        }
        try (SqlSession session = open()) {
            assertThat(value(session, "SELECT pg_backend_pid()")).isEqualTo(first);
            Thread canceller = new Thread(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> activeQuery(first));
                session.cancel();
            });
            canceller.start();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> session.executeSimple("SELECT pg_sleep(30)"))).isNotNull();
            canceller.join();
        }
        try (SqlSession session = open()) {
            assertThat(value(session, "SELECT pg_backend_pid()")).as("a new backend after a cancel")
                    .isNotEqualTo(first);
        }
        awaitGone(first);
    }

    @Test
    void atMostMaxIdleConnectionsWaitAndCloseEndsThem() throws Exception {
        List<SqlSession> sessions = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < BackingPostgresEngine.MAX_IDLE + 2; i++) {
            SqlSession session = open();
            sessions.add(session);
            pids.add(value(session, "SELECT pg_backend_pid()"));
        }
        sessions.forEach(SqlSession::close);
        Awaitility.await("idle backends").atMost(Duration.ofSeconds(10))
                .until(() -> liveOf(pids) == BackingPostgresEngine.MAX_IDLE);
        engine.close();
        Awaitility.await("backends after close").atMost(Duration.ofSeconds(10)).until(() -> liveOf(pids) == 0);
    }

    private SqlSession open() throws SqlError {
        return engine.open("postgres", "postgres", Map.of());
    }

    private static String value(SqlSession session, String sql) throws Exception {
        List<StatementResult> results = session.executeSimple(sql);
        StatementResult.Rows rows = (StatementResult.Rows) results.get(results.size() - 1);
        return new String(rows.rows().get(0)[0], StandardCharsets.UTF_8);
    }

    private boolean activeQuery(String pid) throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active'") == 1;
    }

    private long liveOf(List<String> pids) throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + String.join(", ", pids) + ")");
    }

    private void awaitGone(String pid) {
        Awaitility.await("backend " + pid + " gone").atMost(Duration.ofSeconds(10))
                .until(() -> liveOf(List.of(pid)) == 0);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = backing.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
