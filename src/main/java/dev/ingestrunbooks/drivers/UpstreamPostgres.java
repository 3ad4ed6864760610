package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.drivers.replication.LogicalReplicationCheck;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.evidence.Secrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * The upstream PostgreSQL (an RDS instance or an Aurora writer) as a guide reader reaches it with {@code psql}:
 * SQL as the admin user or as another login, every statement and its result attached as evidence.
 */
public final class UpstreamPostgres {
    private final PgEndpoint endpoint;
    private final String adminUser;
    private final String adminPassword;
    private final ChangeGuard guard;

    public UpstreamPostgres(PgEndpoint endpoint, String adminUser, String adminPassword, ChangeGuard guard) {
        this.endpoint = endpoint;
        this.adminUser = adminUser;
        this.adminPassword = Secrets.register(adminPassword);
        this.guard = guard;
    }

    public PgEndpoint endpoint() {
        return endpoint;
    }

    public String adminUser() {
        return adminUser;
    }

    /** Runs a query as the admin user and returns its result. */
    public ResultTable query(String sql) {
        return queryAs(adminUser, adminPassword, sql);
    }

    /** Runs a query as {@code user}, in a read-only session: a check never writes through this path. */
    public ResultTable queryAs(String user, String password, String sql) {
        Evidence.sql("SQL as " + user, sql);
        ResultTable table = queryQuietlyAs(user, password, sql);
        Evidence.table("result", table.columns(), table.rows());
        return table;
    }

    /** Runs a query as the admin user without attaching it (for polling; the caller attaches the outcome). */
    public ResultTable queryQuietly(String sql) {
        return queryQuietlyAs(adminUser, adminPassword, sql);
    }

    private ResultTable queryQuietlyAs(String user, String password, String sql) {
        try (Connection c = connect(user, password, true); Statement s = c.createStatement()) {
            return ResultTable.of(s.executeQuery(sql));
        } catch (SQLException e) {
            throw sqlFailure(sql, e);
        }
    }

    /**
     * Runs a script (one or more statements, as pasted into psql) as the admin user, in autocommit mode like psql.
     * Returns the server's warnings (e.g. "wal_level is insufficient to publish logical changes").
     */
    public List<String> execute(String script) {
        guard.check("run SQL that changes database " + endpoint.database() + " on " + endpoint.host());
        Evidence.sql("SQL as " + adminUser, script);
        try (Connection c = connect(adminUser, adminPassword); Statement s = c.createStatement()) {
            s.execute(script);
            List<String> warnings = new ArrayList<>();
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                warnings.add(w.getMessage());
            }
            if (!warnings.isEmpty()) {
                Evidence.text("server warnings", String.join("\n", warnings));
            }
            return warnings;
        } catch (SQLException e) {
            throw sqlFailure(script, e);
        }
    }

    /** Opens a connection as the admin user (the caller closes it). */
    public Connection connectAsAdmin() throws SQLException {
        return connect(adminUser, adminPassword);
    }

    /** Opens a connection as {@code user}. */
    public Connection connect(String user, String password) throws SQLException {
        return connect(user, password, false);
    }

    private Connection connect(String user, String password, boolean readOnly) throws SQLException {
        Secrets.register(password);
        Properties props = endpoint.properties(user, password);
        if (readOnly) {
            PGProperty.READ_ONLY.set(props, true);
            PGProperty.READ_ONLY_MODE.set(props, "always"); // also in autocommit mode, as every psql-like query is
        }
        return DriverManager.getConnection(endpoint.jdbcUrl(), props);
    }

    /** Starts the guide's end-to-end check that {@code user} can really replicate {@code publication}. */
    public LogicalReplicationCheck logicalReplicationAs(String user, String password, String publication) {
        return LogicalReplicationCheck.open(this, user, Secrets.register(password), publication);
    }

    /** The current value of a server setting as {@code SELECT setting FROM pg_settings} shows it, or null. */
    public String setting(String name) {
        ResultTable t = query("SELECT name, setting FROM pg_settings WHERE name = '" + name.replace("'", "''") + "'");
        return t.isEmpty() ? null : t.single("setting");
    }

    private static PostgresError sqlFailure(String sql, SQLException e) {
        return new PostgresError(e.getSQLState(), Secrets.mask(e.getMessage()) + "\n  while running: " + Secrets.mask(sql), e);
    }
}
