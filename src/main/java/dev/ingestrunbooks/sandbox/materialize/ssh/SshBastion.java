package dev.ingestrunbooks.sandbox.materialize.ssh;

import java.util.Objects;

/**
 * The bastion of an SSH TUNNEL connection: its {@code HOST}, {@code PORT} and {@code USER} options. Prints as
 * {@code user@host:port}, as Materialize names a tunnel in its logs.
 */
public record SshBastion(String host, int port, String user) {
    public SshBastion {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
