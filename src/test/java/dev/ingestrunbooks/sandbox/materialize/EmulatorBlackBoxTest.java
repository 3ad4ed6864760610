package dev.ingestrunbooks.sandbox.materialize;

import dev.ingestrunbooks.sandbox.rds.Credentials;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Base of black-box tests of the sandbox Materialize against a real upstream: one sandbox RDS instance (logical
 * replication on, see {@link #upstreamParameters}) and one emulator (login {@link MaterializeEmulator#USER} / {@link #PASSWORD}) for the class, started
 * before the subclass's own {@code @BeforeAll}, with SQL helpers for both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorBlackBoxTest {
    protected static final Duration WAIT = Duration.ofSeconds(60);
    protected static final String PASSWORD = Credentials.generatePassword();
    protected RdsPostgresInstance rds;
    protected MaterializeEmulator mz;

    /** The upstream instance's identifier (shows in logs). */
    protected abstract String upstreamName();

    /** The upstream's DB parameters at start: logical replication on, unless a test turns it on itself. */
    protected Map<String, String> upstreamParameters() {
        return Map.of("rds.logical_replication", "1");
    }

    @BeforeAll
    final void startUpstreamAndEmulator() {
        rds = RdsPostgresInstance.builder(upstreamName()).parameters(upstreamParameters()).start();
        mz = new MaterializeEmulator().withPassword(PASSWORD).start();
    }

    @AfterAll
    final void stopUpstreamAndEmulator() {
        if (mz != null) {
            mz.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    /**
     * Secret {@code pgpass} and connection {@code name} to the upstream as its master user, with extra
     * {@code options} (e.g. {@code , SSL MODE 'require'}) before the database.
     */
    protected void createConnection(String name, String options) throws SQLException {
        mz("CREATE SECRET IF NOT EXISTS pgpass AS '" + rds.masterPassword() + "'",
                "CREATE CONNECTION " + name + " TO POSTGRES (HOST '" + rds.host() + "', PORT " + rds.port()
                        + ", USER '" + rds.masterUsername() + "', PASSWORD SECRET pgpass" + options
                        + ", DATABASE 'postgres')");
    }

    protected Connection mzConnection() throws SQLException {
        return DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD);
    }

    protected Connection upstreamConnection() throws SQLException {
        return DriverManager.getConnection(rds.jdbcUrl("postgres"), rds.masterUsername(), rds.masterPassword());
    }

    protected void mz(String... statements) throws SQLException {
        JdbcRows.run(this::mzConnection, statements);
    }

    protected void upstream(String... statements) throws SQLException {
        JdbcRows.run(this::upstreamConnection, statements);
    }

    /** Rows of a query on Materialize, as {@code a|b|c}. */
    protected List<String> rows(String sql) throws SQLException {
        return JdbcRows.rows(mzConnection(), sql);
    }

    protected List<String> upstreamRows(String sql) throws SQLException {
        return JdbcRows.rows(upstreamConnection(), sql);
    }

    /** The error Materialize answers {@code sql} with; fails the test when it succeeds. */
    protected ServerErrorMessage error(String sql) {
        try {
            mz(sql);
        } catch (PSQLException e) {
            return e.getServerErrorMessage();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for " + sql);
    }
}
