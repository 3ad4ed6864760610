/**
 * SSH TUNNEL connections of the sandbox Materialize (docs/materialize.md §2.4, §2.5): the two Ed25519 key pairs a
 * connection owns ({@link dev.ingestrunbooks.sandbox.materialize.ssh.SshKeyPairSet}), and the sessions to the
 * bastion that validate a connection or forward a POSTGRES connection's traffic
 * ({@link dev.ingestrunbooks.sandbox.materialize.ssh.SshTunnelManager}), with Materialize's error texts
 * ({@link dev.ingestrunbooks.sandbox.materialize.ssh.SshTunnelError}).
 *
 * <p>Built on Apache MINA sshd's client. Private keys stay inside these types and the emulator's private catalog
 * store: {@code toString()} and every error message leave them out.
 */
package dev.ingestrunbooks.sandbox.materialize.ssh;
