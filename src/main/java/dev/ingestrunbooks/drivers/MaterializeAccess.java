package dev.ingestrunbooks.drivers;


/**
 * How a runbook reaches Materialize: its SQL endpoint (PostgreSQL wire protocol) and a login. On Materialize Cloud the
 * user is the account's email and the password an app password; on the sandbox both belong to the emulator.
 *
 * @param endpoint where Materialize listens, with database {@code materialize}
 * @param user     the login
 * @param password the password (registered as a secret; never printed)
 */
public record MaterializeAccess(PgEndpoint endpoint, String user, String password) {

    @Override
    public String toString() {
        return "Materialize at " + endpoint + " as " + user;
    }
}
