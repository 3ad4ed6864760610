package dev.ingestrunbooks.sandbox.aws.ec2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An OpenSSH public key line ({@code ssh-ed25519 AAAA… comment}), checked the way ImportKeyPair needs: the type is
 * one EC2 accepts ({@code ssh-ed25519}, {@code ssh-rsa}), the base64 blob decodes, names the same type and holds a
 * well-formed key (a 32-byte Ed25519 point; an RSA exponent and modulus). Fingerprints as AWS computes them for
 * imported keys. Limits: no PEM/DER or RFC 4716 ("SSH2") input, no RSA key-size check, no ECDSA (EC2 rejects it).
 *
 * @param type   {@code ed25519} or {@code rsa}, as KeyPairInfo's keyType names it
 * @param line   the line, trimmed
 * @param blob   the decoded key blob
 */
record OpenSshPublicKey(String type, String line, byte[] blob) {

    /** The key in {@code material}, the bytes ImportKeyPair received; empty when it is not a valid key line. */
    static Optional<OpenSshPublicKey> parse(byte[] material) {
        String text = new String(material, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.contains("\n")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\s+", 3);
        if (parts.length < 2) {
            return Optional.empty();
        }
        String type = switch (parts[0]) {
            case "ssh-ed25519" -> "ed25519";
            case "ssh-rsa" -> "rsa";
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return wellFormed(parts[0], blob) ? Optional.of(new OpenSshPublicKey(type, text, blob)) : Optional.empty();
    }

    private static boolean wellFormed(String sshType, byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        byte[] name = field(in);
        if (name == null || !sshType.equals(new String(name, StandardCharsets.US_ASCII))) {
            return false;
        }
        if (sshType.equals("ssh-ed25519")) {
            byte[] point = field(in);
            return point != null && point.length == 32 && !in.hasRemaining();
        }
        byte[] exponent = field(in);
        byte[] modulus = field(in);
        return exponent != null && exponent.length > 0 && modulus != null && modulus.length >= 64 && !in.hasRemaining();
    }

    /** One SSH wire string (uint32 length, bytes), or null when the buffer is too short. */
    private static byte[] field(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** ED25519: base64 SHA-256 of the blob (with padding); RSA: colon-separated hex MD5 of the blob. */
    String fingerprint() {
        try {
            if (type.equals("ed25519")) {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
            }
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + e.getMessage(), e);
        }
    }
}
