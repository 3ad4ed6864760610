package dev.ingestrunbooks.sandbox.network;

import java.net.InetSocketAddress;

/**
 * What a front knows about a client when it decides whether to admit it: the TCP source address (for
 * security-group rules) and, for a PostgreSQL front ({@link PgFrontProxy}), the StartupMessage's user, database
 * and replication flag (unless the client asked for TLS: {@link #encrypted}). A protocol-blind front ({@link TcpFront}) knows only the source: see {@link #tcp}.
 */
public record ConnectionAttempt(InetSocketAddress source, String user, String database, boolean replication) {

    /**
     * An attempt seen below any protocol, by source address only: user and database are empty and replication is
     * false, so rules that look at them should only be installed on PostgreSQL fronts.
     */
    public static ConnectionAttempt tcp(InetSocketAddress source) {
        return new ConnectionAttempt(source, "", "", false);
    }

    /**
     * A PostgreSQL client that asked for TLS (SSLRequest): its StartupMessage will travel inside the TLS stream, which
     * the proxy relays without decrypting, so only the source is known; user and database are empty as for
     * {@link #tcp}. Rules that need the user must treat an empty one as "any login" (see {@link #userKnown()}).
     */
    public static ConnectionAttempt encrypted(InetSocketAddress source) {
        return new ConnectionAttempt(source, "", "", false);
    }

    /** Whether the user is known (a plain-text StartupMessage); false below the protocol or under TLS. */
    public boolean userKnown() {
        return !user.isEmpty();
    }
}
