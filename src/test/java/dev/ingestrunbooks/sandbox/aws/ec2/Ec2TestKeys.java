package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.drivers.SshLogin;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.RSAPublicKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Two public keys for the EC2 tests, made per run, and their fingerprints as OpenSSH prints them
 * ({@code ssh-keygen -l}: SHA-256 for Ed25519, MD5 for RSA), computed by Apache MINA SSHD, so that the emulator's
 * own fingerprints are checked against another implementation. Nothing key-shaped is kept in the repository.
 *
 * <p>The RSA key is only ever public here (EC2 imports public keys), so it is not generated as a pair: its modulus
 * is a random odd 2048-bit number, which no reader of a public key can tell from a product of two primes. Finding
 * two 1024-bit primes took one to two CPU-seconds in a test JVM, for nothing any test looks at.
 */
final class Ec2TestKeys {

    static final String ED25519;
    /** The SHA-256 digest as AWS gives it: the base64 {@code ssh-keygen} prints, padded with {@code =}. */
    static final String ED25519_FINGERPRINT;
    /** A 2048-bit key, exponent 65537. */
    static final String RSA;
    /** The MD5 digest as colon-separated hex. */
    static final String RSA_FINGERPRINT;

    static {
        SshLogin.AdminKey ed = SshLogin.generateKey("admin@workstation");
        ED25519 = ed.publicKeyLine();
        String sha256 = fingerprint(BuiltinDigests.sha256, ed.keyPair().getPublic()).substring("SHA256:".length());
        ED25519_FINGERPRINT = sha256 + "=".repeat((4 - sha256.length() % 4) % 4);
        try {
            BigInteger modulus = new BigInteger(2048, new SecureRandom()).setBit(2047).setBit(0);
            PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus,
                    BigInteger.valueOf(65537)));
            RSA = PublicKeyEntry.toString(rsa) + " rsa@x";
            RSA_FINGERPRINT = fingerprint(BuiltinDigests.md5, rsa).substring("MD5:".length());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA public key: " + e.getMessage(), e);
        }
    }

    private Ec2TestKeys() {
    }

    private static String fingerprint(BuiltinDigests digest, PublicKey key) {
        return KeyUtils.getFingerPrint(digest, key);
    }
}
