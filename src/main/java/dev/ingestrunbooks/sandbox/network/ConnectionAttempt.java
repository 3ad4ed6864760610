package dev.ingestrunbooks.sandbox.network;

import java.net.InetSocketAddress;

/**
 * What a front proxy knows about a client when it decides whether to admit it: the TCP source address
 * (for security-group rules) and the StartupMessage's user, database and replication flag.
 */
public record ConnectionAttempt(InetSocketAddress source, String user, String database, boolean replication) {
}
