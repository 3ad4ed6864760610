package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * Checks a cleartext password (AuthenticationCleartextPassword,
 * <a href="https://www.postgresql.org/docs/current/auth-password.html">password authentication</a>).
 * A server without an authenticator trusts every client, like {@code trust} in pg_hba.conf.
 */
@FunctionalInterface
public interface Authenticator {

    boolean check(String user, String password);
}
