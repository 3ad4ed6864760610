package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.postgres.PgQuote;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns a freshly initdb'd server into an RDS-for-PostgreSQL look-alike ({@link #initialize}, run once per JVM and
 * major version on the {@link RdsTemplate}), and gives each instance copied from it its own secrets and master user
 * ({@link #personalize}).
 *
 * <ul>
 *   <li>the bootstrap superuser becomes {@code rdsadmin} with a random password (the sandbox's internal admin
 *       login, never handed out), as RDS keeps its own superuser;</li>
 *   <li>roles {@code rds_replication} and {@code rds_superuser} (NOLOGIN; rds_superuser is a member of
 *       rds_replication with ADMIN OPTION, and of pg_monitor and pg_signal_backend);</li>
 *   <li>per instance: a fresh rdsadmin password, and the master user: LOGIN CREATEDB CREATEROLE, member of
 *       rds_superuser, owner of database {@code postgres}.
 *       It is also a PostgreSQL SUPERUSER, which an RDS master user is not: vanilla PostgreSQL reserves
 *       {@code CREATE PUBLICATION … FOR ALL TABLES} (a guide step) to superusers, while RDS lets rds_superuser
 *       run it. The guide's roles and grants are unaffected: the replication user is never a superuser;</li>
 *   <li>{@link RdsSettingsView} in {@code postgres} and {@code template1};</li>
 *   <li>pg_hba.conf: SCRAM password authentication for every login, normal and replication ({@link RdsHba});
 *       each instance rewrites it for its {@code rds.force_ssl}.</li>
 * </ul>
 * Limit: because the master user is a superuser, it can do a few things an RDS master cannot (read
 * {@code pg_authid}, {@code ALTER ROLE … REPLICATION}); runbooks never rely on them.
 */
final class RdsBootstrap {

    static final String ADMIN_USER = "rdsadmin";
    private static final String TEMPORARY_ADMIN = "rds_bootstrap";

    private RdsBootstrap() {
    }

    /**
     * Runs on a server started with zonky's trust setup; returns the admin login it switched the server to.
     * Creates everything an RDS instance has except the master user.
     */
    static Credentials initialize(EmbeddedPostgresServer server) throws SQLException {
        Credentials admin = new Credentials(ADMIN_USER, Credentials.generatePassword());
        try (Connection c = Jdbc.connect(server.port(), "postgres", new Credentials("postgres", null))) {
            Jdbc.execute(c, "CREATE ROLE " + TEMPORARY_ADMIN + " SUPERUSER LOGIN");
        }
        try (Connection c = Jdbc.connect(server.port(), "postgres", new Credentials(TEMPORARY_ADMIN, null))) {
            Jdbc.execute(c, "ALTER ROLE postgres RENAME TO " + ADMIN_USER,
                    "ALTER ROLE " + ADMIN_USER + " PASSWORD " + PgQuote.literal(admin.password()));
        }
        server.useAdminCredentials(admin);
        try (Connection c = server.connect("postgres")) {
            Jdbc.execute(c, "DROP ROLE " + TEMPORARY_ADMIN);
            createRdsRoles(c);
            RdsSettingsView.create(c);
            Jdbc.execute(c, "ALTER SYSTEM SET search_path TO " + RdsSettingsView.SEARCH_PATH);
        }
        try (Connection c = server.connect("template1")) {
            RdsSettingsView.create(c);
        }
        requirePasswords(server);
        return admin;
    }

    /**
     * Runs on a server started on a copy of the {@link RdsTemplate} (as the template's admin, before any endpoint
     * opens): replaces the admin password with a fresh one, creates the master user and switches the server's
     * admin login. Returns the new admin login.
     */
    static Credentials personalize(EmbeddedPostgresServer server, Credentials master) throws SQLException {
        Credentials admin = new Credentials(ADMIN_USER, Credentials.generatePassword());
        try (Connection c = server.connect("postgres")) {
            Jdbc.execute(c, "ALTER ROLE " + ADMIN_USER + " PASSWORD " + PgQuote.literal(admin.password()));
            createMaster(c, master);
        }
        server.useAdminCredentials(admin);
        return admin;
    }

    /** The master user (see the class comment for why it is a superuser) owning database {@code postgres}. */
    static void createMaster(Connection c, Credentials master) throws SQLException {
        String user = Jdbc.quoteIdentifier(master.user());
        Jdbc.execute(c,
                "CREATE ROLE " + user + " LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD "
                        + PgQuote.literal(master.password()),
                "GRANT rds_superuser TO " + user,
                "ALTER DATABASE postgres OWNER TO " + user);
    }

    static void createRdsRoles(Connection c) throws SQLException {
        Jdbc.execute(c,
                "CREATE ROLE rds_replication NOLOGIN",
                "CREATE ROLE rds_superuser NOLOGIN",
                "GRANT rds_replication TO rds_superuser WITH ADMIN OPTION",
                "GRANT pg_monitor, pg_signal_backend TO rds_superuser WITH ADMIN OPTION");
    }

    private static void requirePasswords(EmbeddedPostgresServer server) throws SQLException {
        RdsHba.write(server.dataDirectory(), false);
        try (Connection c = server.connect("postgres")) {
            Jdbc.execute(c, "SELECT pg_reload_conf()");
        }
    }
}
