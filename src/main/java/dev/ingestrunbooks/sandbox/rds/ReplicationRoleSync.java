package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.postgres.Connections;
import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import dev.ingestrunbooks.sandbox.network.ConnectionAttempt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulates RDS's {@code rds_replication} role on vanilla PostgreSQL, which passes the REPLICATION attribute only
 * to a role that has it itself, never through membership.
 *
 * <p>Installed as an {@link AdmissionRule} of the instance's front proxy: before each client's startup reaches the
 * server, the connecting role's REPLICATION attribute is set to its current membership (direct or indirect, e.g.
 * through {@code rds_superuser}) in {@code rds_replication}, over an internal admin connection. So a member can open
 * a {@code replication=database} connection and create slots; a non-member (or a role whose membership was
 * revoked) gets PostgreSQL's own {@code 42501 permission denied to start WAL sender}. The rule always admits; the
 * server decides.
 *
 * <p>A client that asks for TLS hides its user from the proxy: then every login role is synced ({@link #syncAll}).
 *
 * <p>Limits: a session opened before a GRANT does not gain the attribute (its next connection does); a session
 * opened before a REVOKE keeps it; {@code pg_roles.rolreplication} shows the synced attribute (on RDS it stays false);
 * superusers are left alone.
 */
public final class ReplicationRoleSync implements AdmissionRule, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationRoleSync.class);
    private static final String LOOKUP = "SELECT rolsuper, rolreplication, pg_has_role(oid, 'rds_replication', 'MEMBER')"
            + " FROM pg_catalog.pg_roles WHERE rolname = ?";
    /** Login roles (not superusers) whose REPLICATION attribute differs from their rds_replication membership. */
    private static final String DRIFTED = "SELECT rolname, pg_has_role(oid, 'rds_replication', 'MEMBER')"
            + " FROM pg_catalog.pg_roles WHERE rolcanlogin AND NOT rolsuper"
            + " AND rolreplication <> pg_has_role(oid, 'rds_replication', 'MEMBER')";

    /** Opens an internal admin connection to the server whose roles are synced (the primary). */
    @FunctionalInterface
    public interface AdminConnector {
        Connection connect() throws SQLException;
    }

    private final String instance;
    private final AdminConnector connector;
    private final Runnable afterChange;
    private Connection admin;

    /** @param afterChange run after an attribute changed (e.g. wait until a standby has replayed it) */
    public ReplicationRoleSync(String instance, AdminConnector connector, Runnable afterChange) {
        this.instance = instance;
        this.connector = connector;
        this.afterChange = afterChange;
    }

    @Override
    public Admission admit(ConnectionAttempt attempt) {
        try {
            if (attempt.userKnown() ? sync(attempt.user()) : syncAll()) {
                afterChange.run();
            }
        } catch (SQLException e) {
            LOG.warn("{}: could not sync REPLICATION of role {} with rds_replication: {}", instance, attempt.user(),
                    e.getMessage());
        }
        return Admission.admit();
    }

    /** Sets the role's REPLICATION attribute to its rds_replication membership; true if it changed. */
    synchronized boolean sync(String role) throws SQLException {
        try {
            return syncOnce(role);
        } catch (SQLException e) {
            closeAdmin();
            return syncOnce(role);
        }
    }

    /**
     * Under TLS the proxy cannot read the user (the StartupMessage is encrypted): every login role that is not a
     * superuser gets its REPLICATION attribute set to its membership; true if any changed. One query when nothing
     * changed, as for a single role.
     */
    synchronized boolean syncAll() throws SQLException {
        try {
            return syncAllOnce();
        } catch (SQLException e) {
            closeAdmin();
            return syncAllOnce();
        }
    }

    private boolean syncAllOnce() throws SQLException {
        Connection c = adminConnection();
        java.util.List<String> changes = new java.util.ArrayList<>();
        try (PreparedStatement lookup = c.prepareStatement(DRIFTED);
                ResultSet rs = lookup.executeQuery()) {
            while (rs.next()) {
                changes.add("ALTER ROLE " + Jdbc.quoteIdentifier(rs.getString(1))
                        + (rs.getBoolean(2) ? " REPLICATION" : " NOREPLICATION"));
            }
        }
        if (!changes.isEmpty()) {
            Jdbc.execute(c, changes.toArray(String[]::new));
            LOG.info("{}: REPLICATION synced with rds_replication for {} role(s)", instance, changes.size());
        }
        return !changes.isEmpty();
    }

    private boolean syncOnce(String role) throws SQLException {
        Connection c = adminConnection();
        boolean member;
        try (PreparedStatement lookup = c.prepareStatement(LOOKUP)) {
            lookup.setString(1, role);
            try (ResultSet rs = lookup.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return false;
                }
                member = rs.getBoolean(3);
                if (member == rs.getBoolean(2)) {
                    return false;
                }
            }
        }
        Jdbc.execute(c, "ALTER ROLE " + Jdbc.quoteIdentifier(role) + (member ? " REPLICATION" : " NOREPLICATION"));
        LOG.info("{}: role {} {} rds_replication: REPLICATION {}", instance, role, member ? "is in" : "is not in",
                member ? "granted" : "revoked");
        return true;
    }

    /**
     * The admin session commits synchronously (the servers default to {@code synchronous_commit=off}): when
     * {@code afterChange} reads the primary's WAL write position, the ALTER ROLE's commit record is already
     * written, so a standby that has replayed up to that position knows the new attribute.
     */
    private Connection adminConnection() throws SQLException {
        if (admin == null || admin.isClosed()) {
            admin = connector.connect();
            Jdbc.execute(admin, "SET synchronous_commit = on");
        }
        return admin;
    }

    private void closeAdmin() {
        Connections.closeQuietly(admin);
        admin = null;
    }

    /** Closes the internal admin connection. */
    @Override
    public synchronized void close() {
        closeAdmin();
    }
}
