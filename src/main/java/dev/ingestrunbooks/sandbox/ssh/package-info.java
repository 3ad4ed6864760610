/**
 * The sandbox's SSH bastions: {@link dev.ingestrunbooks.sandbox.ssh.SshBastion}, a real SSH server (Apache MINA SSHD)
 * per emulated EC2 instance, behind a {@link dev.ingestrunbooks.sandbox.network.TcpFront} on the instance's public IP
 * that drops clients its security group does not admit. Public-key authentication against real
 * {@code authorized_keys} files, a restricted shell that only manages those keys, and local port forwarding whose
 * outbound connections leave from the instance's private IP, so that a tunnel to a database is judged by the
 * database's security group as coming from the bastion. See {@code docs/ssh.md}.
 */
package dev.ingestrunbooks.sandbox.ssh;
