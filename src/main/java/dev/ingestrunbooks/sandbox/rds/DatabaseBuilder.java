package dev.ingestrunbooks.sandbox.rds;

import java.util.Map;

/**
 * What an RDS instance and an Aurora cluster are configured with alike: master user, PostgreSQL major version and
 * the effective AWS parameters at creation.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class DatabaseBuilder<B extends DatabaseBuilder<B>> {
    String masterUsername = "postgres";
    String masterPassword;
    int majorVersion = PostgresVersion.requestedMajor();
    Map<String, String> parameters = Map.of();

    abstract B self();

    public B masterUsername(String username) {
        this.masterUsername = username;
        return self();
    }

    /** Default: a generated password, readable from the started instance or cluster. */
    public B masterPassword(String password) {
        this.masterPassword = password;
        return self();
    }

    /** Default: {@code -Drunbook.postgres.version} or 16. Must match the binaries on the classpath. */
    public B postgresMajorVersion(int major) {
        this.majorVersion = major;
        return self();
    }

    /** Effective AWS parameters at creation (default: none, i.e. logical replication off). */
    public B parameters(Map<String, String> parameters) {
        this.parameters = parameters;
        return self();
    }

    /** The master credentials: the given password, or a generated one. */
    Credentials masterCredentials() {
        return new Credentials(masterUsername, masterPassword != null ? masterPassword : Credentials.generatePassword());
    }
}
