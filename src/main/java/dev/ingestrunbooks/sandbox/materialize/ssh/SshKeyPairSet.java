package dev.ingestrunbooks.sandbox.materialize.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The two Ed25519 key pairs of an SSH TUNNEL connection, as Materialize keeps them (its {@code SshKeyPairSet}):
 * a primary pair, which is the one Materialize authenticates with, and a secondary pair, announced in advance so a
 * bastion can already trust it. {@link #rotate()} drops the primary, promotes the secondary and generates a new
 * secondary. Public keys read {@code ssh-ed25519 AAAA… materialize} (OpenSSH authorized_keys form, comment
 * {@code materialize}).
 *
 * <p>{@link #encode()} and {@link #decode} carry the private keys (OpenSSH private key format) for the emulator's
 * private catalog store only; {@link #toString()} shows the public keys alone.
 */
public final class SshKeyPairSet {
    /** The comment Materialize puts on its keys. */
    public static final String COMMENT = "materialize";
    private static final String SEPARATOR = "\n--- secondary ---\n";

    private final KeyPair primary;
    private final KeyPair secondary;

    private SshKeyPairSet(KeyPair primary, KeyPair secondary) {
        this.primary = primary;
        this.secondary = secondary;
    }

    /** Two fresh key pairs. */
    public static SshKeyPairSet generate() {
        return new SshKeyPairSet(newPair(), newPair());
    }

    /** Materialize's rotation: the secondary becomes the primary, and a new secondary is generated. */
    public SshKeyPairSet rotate() {
        return new SshKeyPairSet(secondary, newPair());
    }

    /** The key pair Materialize authenticates with (the one behind {@code public_key_1}). */
    public KeyPair primary() {
        return primary;
    }

    /** {@code public_key_1}: the primary's public key. */
    public String publicKey1() {
        return publicKey(primary);
    }

    /** {@code public_key_2}: the secondary's public key. */
    public String publicKey2() {
        return publicKey(secondary);
    }

    /** Both private keys in OpenSSH format, for the private catalog store only. */
    public String encode() {
        return privateKey(primary) + SEPARATOR + privateKey(secondary);
    }

    /** Reads what {@link #encode()} wrote. */
    public static SshKeyPairSet decode(String encoded) {
        int at = encoded.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not an encoded SSH key pair set");
        }
        return new SshKeyPairSet(readPrivateKey(encoded.substring(0, at)),
                readPrivateKey(encoded.substring(at + SEPARATOR.length())));
    }

    private static KeyPair newPair() {
        try {
            // sshd 2.x signs with the eddsa provider's keys only, so the pair comes from KeyUtils, not the JDK
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    private static String publicKey(KeyPair pair) {
        return PublicKeyEntry.toString(pair.getPublic()) + " " + COMMENT;
    }

    private static String privateKey(KeyPair pair) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, out);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode an SSH private key", e);
        }
        return out.toString(StandardCharsets.US_ASCII).strip();
    }

    private static KeyPair readPrivateKey(String text) {
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("ssh-key"),
                    new ByteArrayInputStream((text + "\n").getBytes(StandardCharsets.US_ASCII)), null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IllegalArgumentException("no SSH key pair in the stored text");
            }
            return it.next();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored SSH private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read a stored SSH private key (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshKeyPairSet other && publicKey1().equals(other.publicKey1())
                && publicKey2().equals(other.publicKey2());
    }

    @Override
    public int hashCode() {
        return publicKey1().hashCode() * 31 + publicKey2().hashCode();
    }

    /** The public keys only. */
    @Override
    public String toString() {
        return "SshKeyPairSet[public_key_1=" + publicKey1() + ", public_key_2=" + publicKey2() + "]";
    }
}
