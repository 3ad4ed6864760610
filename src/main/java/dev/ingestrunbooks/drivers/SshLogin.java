package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.evidence.Evidence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * An admin's SSH login to a host (the guide's "log in to your SSH bastion host and add Materialize's public keys to
 * the authorized_keys file"): runs one command per call with a key pair, over a real SSH session (Apache MINA SSHD
 * client). The host key is accepted on first use, as an admin answering "yes" to ssh's prompt does.
 */
public final class SshLogin {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private SshLogin() {
    }

    /**
     * An admin's key pair: the private half stays in memory; the public half is an OpenSSH line
     * ({@code ssh-ed25519 AAAA… comment}), what EC2's ImportKeyPair takes.
     */
    public record AdminKey(KeyPair keyPair, String publicKeyLine) {
        @Override
        public String toString() {
            return "AdminKey[" + publicKeyLine + "]";
        }
    }

    /** What a command printed and its exit status. */
    public record Result(int exitStatus, String stdout, String stderr) {
    }

    /** A new Ed25519 key pair, as {@code ssh-keygen -t ed25519 -C comment} makes one. */
    public static AdminKey generateKey(String comment) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            return new AdminKey(pair, PublicKeyEntry.toString(pair.getPublic()) + " " + comment);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command} as {@code user} on {@code host:port}, authenticating with {@code key}.
     *
     * @throws IllegalStateException when the login fails (connect, authentication), naming host and user
     */
    public static Result run(String host, int port, String user, AdminKey key, String command) {
        Evidence.text("ssh " + user + "@" + host + " -p " + port, command);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(user, new InetSocketAddress(host, port))
                .verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(key.keyPair());
            session.auth().verify(TIMEOUT);
            try (ChannelExec exec = session.createExecChannel(command)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                exec.setOut(out);
                exec.setErr(err);
                exec.open().verify(TIMEOUT);
                exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer status = exec.getExitStatus();
                Result result = new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
                if (!result.stdout().isEmpty() || !result.stderr().isEmpty()) {
                    Evidence.text("ssh output (exit " + result.exitStatus() + ")",
                            result.stdout() + result.stderr());
                }
                return result;
            }
        } catch (IOException e) {
            throw new IllegalStateException("ssh " + user + "@" + host + " -p " + port + " failed: " + e.getMessage(),
                    e);
        } finally {
            client.stop();
        }
    }
}
