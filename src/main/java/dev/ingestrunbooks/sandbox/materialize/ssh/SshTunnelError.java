package dev.ingestrunbooks.sandbox.materialize.ssh;

/**
 * A failure to open an SSH session to a bastion, or a port forward through it, worded as Materialize reports it
 * (docs/materialize.md §2.5): Materialize runs OpenSSH through the {@code openssh} crate, whose connect error reads
 * {@code failed to connect to the remote host: } followed by ssh's own complaint without its {@code ssh: } prefix.
 * Only the factories below make one; none of them ever includes key material.
 */
public final class SshTunnelError extends Exception {
    private static final String PREFIX = "failed to connect to the remote host: ";

    private SshTunnelError(String message) {
        super(message, null, false, false);
    }

    /** The bastion's name does not resolve. */
    static SshTunnelError unknownHost(SshBastion bastion) {
        return new SshTunnelError(PREFIX + "Could not resolve hostname " + bastion.host()
                + ": Name or service not known");
    }

    /** Nothing listens on the bastion's port. */
    static SshTunnelError refused(SshBastion bastion) {
        return new SshTunnelError(PREFIX + "connect to host " + bastion.host() + " port " + bastion.port()
                + ": Connection refused");
    }

    /** The TCP connect failed otherwise, e.g. {@code Network is unreachable} or {@code No route to host}. */
    static SshTunnelError connectFailed(SshBastion bastion, String reason) {
        return new SshTunnelError(PREFIX + "connect to host " + bastion.host() + " port " + bastion.port() + ": "
                + reason);
    }

    /** No answer within the connect timeout (e.g. a security group that drops the packets). */
    static SshTunnelError timedOut(SshBastion bastion) {
        return new SshTunnelError(PREFIX + "connect to host " + bastion.host() + " port " + bastion.port()
                + ": Connection timed out");
    }

    /** The bastion accepted none of the keys offered. */
    static SshTunnelError permissionDenied(SshBastion bastion) {
        return new SshTunnelError(PREFIX + bastion.user() + "@" + bastion.host() + ": Permission denied (publickey).");
    }

    /** The session broke during the handshake or before forwarding started. */
    static SshTunnelError other(SshBastion bastion, String what) {
        return new SshTunnelError(PREFIX + "ssh session to " + bastion.host() + " port " + bastion.port() + " failed: "
                + what);
    }

    /** The bastion refused the port forward. */
    static SshTunnelError forwardFailed(String what) {
        return new SshTunnelError("failed to open SSH tunnel: " + what);
    }
}
