package dev.ingestrunbooks.sandbox.network;

import java.net.InetSocketAddress;

/**
 * What a front knows about a client when it decides whether to admit it: the TCP source address (for
 * security-group rules) and, for a PostgreSQL front ({@link PgFrontProxy}), the StartupMessage's user, database
 * and replication flag. A protocol-blind front ({@link TcpFront}) knows only the source: see {@link #tcp}.
 */
public record ConnectionAttempt(InetSocketAddress source, String user, String database, boolean replication) {

    /**
     * An attempt seen below any protocol, by source address only: user and database are empty and replication is
     * false, so rules that look at them should only be installed on PostgreSQL fronts.
     */
    public static ConnectionAttempt tcp(InetSocketAddress source) {
        return new ConnectionAttempt(source, "", "", false);
    }
}
