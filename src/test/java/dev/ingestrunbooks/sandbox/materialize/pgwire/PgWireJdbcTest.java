package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.rds.Credentials;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/** Black-box: the real pgJDBC driver, default settings, against the pgwire server backed by embedded PostgreSQL. */
class PgWireJdbcTest {

    static final String PASSWORD = Credentials.generatePassword();
    static EmbeddedPostgresServer backing;
    static PgWireServer server;
    static BackedServer fixture;

    @BeforeAll
    static void start() {
        fixture = BackedServer.start("pgwire-jdbc", s -> s.withAuthenticator((user, password) -> PASSWORD.equals(password)));
        backing = fixture.backing;
        server = fixture.server;
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "materialize");
        properties.setProperty("password", PASSWORD);
        return DriverManager.getConnection(server.jdbcUrl("materialize"), properties);
    }

    @Test
    void simpleQueryReturnsRowsAndReportsTheServerVersion() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 AS one, 'two'::text AS two")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("one")).isEqualTo(1);
            assertThat(rs.getString("two")).isEqualTo("two");
            assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("int4");
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("9.5.0");
        }
    }

    @Test
    void updateCountsComeFromTheCommandTags() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE counts(v int)");
            assertThat(s.executeUpdate("INSERT INTO counts SELECT generate_series(1, 3)")).isEqualTo(3);
            assertThat(s.executeUpdate("DELETE FROM counts WHERE v > 1")).isEqualTo(2);
        }
    }

    @Test
    void batchesAndGeneratedKeysWork() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batch(id serial PRIMARY KEY, v text)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO batch(v) VALUES (?)", new String[] {"id"})) {
                for (String v : List.of("a", "b", "c")) {
                    p.setString(1, v);
                    p.addBatch();
                }
                assertThat(p.executeBatch()).containsExactly(1, 1, 1);
                p.setString(1, "d");
                assertThat(p.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = p.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(4);
                }
            }
        }
    }

    @Test
    void preparedStatementSurvivesServerSidePrepare() throws SQLException {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("SELECT ?::int8 * 2 AS doubled, ?::text AS label")) {
            for (int i = 0; i < 10; i++) {
                p.setLong(1, i);
                p.setString(2, "run " + i);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(2L * i);
                    assertThat(rs.getString(2)).isEqualTo("run " + i);
                }
            }
            assertThat(p.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare()).isTrue();
        }
    }

    @Test
    void binaryTypesRoundTrip() throws SQLException {
        OffsetDateTime instant = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.UTC);
        UUID uuid = UUID.randomUUID();
        byte[] bytes = {0, 1, (byte) 0xff, 42};
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("SELECT ?::int8, ?::float8, ?::bool, ?::timestamptz, ?::bytea,"
                     + " ?::uuid, ?::numeric, ?::int4, ?::date")) {
            p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            for (int i = 0; i < 3; i++) {
                p.setLong(1, -9_000_000_000L);
                p.setDouble(2, 3.25);
                p.setBoolean(3, true);
                p.setObject(4, instant);
                p.setBytes(5, bytes);
                p.setObject(6, uuid);
                p.setBigDecimal(7, new BigDecimal("-12345.678900"));
                p.setInt(8, 7);
                p.setObject(9, java.time.LocalDate.of(1999, 12, 31));
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    org.postgresql.PGResultSetMetaData meta =
                            rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
                    assertThat(meta.getFormat(1)).as("int8 travels in binary").isEqualTo(1);
                    assertThat(meta.getFormat(4)).as("timestamptz travels in binary").isEqualTo(1);
                    assertThat(rs.getLong(1)).isEqualTo(-9_000_000_000L);
                    assertThat(rs.getDouble(2)).isEqualTo(3.25);
                    assertThat(rs.getBoolean(3)).isTrue();
                    assertThat(rs.getObject(4, OffsetDateTime.class)).isEqualTo(instant);
                    assertThat(rs.getBytes(5)).containsExactly(bytes);
                    assertThat(rs.getObject(6, UUID.class)).isEqualTo(uuid);
                    assertThat(rs.getBigDecimal(7)).isEqualByComparingTo("-12345.6789");
                    assertThat(rs.getInt(8)).isEqualTo(7);
                    assertThat(rs.getObject(9, java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.of(1999, 12, 31));
                }
            }
        }
    }

    @Test
    void binaryArraysTimesAndPointsRoundTrip() throws SQLException {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("SELECT ARRAY[[1,2],[3,NULL]]::int4[], ARRAY['a b', 'c\"d']::text[],"
                     + " '01:02:03.5'::time, '(1.5,-2)'::point, ARRAY[]::int8[]")) {
            p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                org.postgresql.PGResultSetMetaData meta = rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
                for (int column = 1; column <= 5; column++) {
                    assertThat(meta.getFormat(column)).as("format of column %d", column).isEqualTo(1);
                }
                assertThat((Object[]) rs.getArray(1).getArray()).isEqualTo(new Integer[][] {{1, 2}, {3, null}});
                assertThat((Object[]) rs.getArray(2).getArray()).containsExactly("a b", "c\"d");
                assertThat(rs.getObject(3, java.time.LocalTime.class)).isEqualTo(java.time.LocalTime.of(1, 2, 3, 500_000_000));
                assertThat(rs.getObject(4, org.postgresql.geometric.PGpoint.class))
                        .isEqualTo(new org.postgresql.geometric.PGpoint(1.5, -2));
                assertThat((Object[]) rs.getArray(5).getArray()).isEmpty();
            }
        }
    }

    @Test
    void fetchSizeSuspendsThePortal() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10);
                List<Integer> values = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT generate_series(1, 35)")) {
                    while (rs.next()) {
                        values.add(rs.getInt(1));
                    }
                }
                assertThat(values).hasSize(35).startsWith(1, 2).endsWith(35);
            }
            c.commit();
        }
    }

    @Test
    void anErrorKeepsTheSessionUsable() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42P01");
                        assertThat(e.getServerErrorMessage().getMessage())
                                .isEqualTo("relation \"no_such_table\" does not exist");
                    });
            try (ResultSet rs = s.executeQuery("SELECT 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void aFailedStatementInABlockLeavesTheTransactionFailedUntilRollback() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1");
            assertThatThrownBy(() -> s.execute("SELECT 1/0")).hasMessageContaining("division by zero");
            assertThatThrownBy(() -> s.execute("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            assertThat(transactionState(c)).isEqualTo("FAILED");
            c.rollback();
            assertThat(transactionState(c)).isEqualTo("IDLE");
            s.execute("SELECT 1");
            assertThat(transactionState(c)).isEqualTo("OPEN");
            c.commit();
        }
    }

    private static String transactionState(Connection c) throws SQLException {
        return c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState().name();
    }

    @Test
    void cancelStopsARunningStatementQuickly() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            canceller.start();
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(10)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.join();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            try (ResultSet rs = s.executeQuery("SELECT 3")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void wrongPasswordIsRefusedLikePostgres() {
        Properties properties = new Properties();
        properties.setProperty("user", "materialize");
        properties.setProperty("password", "wrong");
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("materialize"), properties).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("password authentication failed for user \"materialize\"");
                });
    }

    @Test
    void backendPidIsTheEmulatorsOwn() throws SQLException {
        try (Connection c = connect()) {
            assertThat(c.unwrap(PGConnection.class).getBackendPID()).isGreaterThanOrEqualTo(1000);
        }
    }
}
