package dev.ingestrunbooks.sandbox.aws.ec2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Two public keys made once with {@code ssh-keygen} for the EC2 tests, with the fingerprints {@code ssh-keygen -l}
 * printed for them (SHA-256 for Ed25519, MD5 for RSA), so that the emulator's fingerprints are checked against
 * OpenSSH's own answers. The private halves were thrown away. Only the keys' numbers are kept here; the
 * {@code authorized_keys} lines are assembled at run time in OpenSSH's wire format (RFC 4253 §6.6: each field a
 * 4-byte length and its bytes), so the repository holds no key file or key-shaped line.
 */
final class Ec2TestKeys {

    static final String ED25519 = line("ssh-ed25519", "admin@workstation",
            "8ca37c30460ff9eed69d29b5866686b6f4a4441400d2bcdf97e57964028f4ae8");
    /** {@code ssh-keygen -l -E sha256}: {@code SHA256:fbyy…1h8}; AWS gives the same digest as padded base64. */
    static final String ED25519_FINGERPRINT = "fbyy2XcHnAm77JMGZdaOJ8IlkY3L4Eezi33NuEl71h8=";

    /** Exponent 65537 and a 2048-bit modulus (with the leading zero byte of an mpint). */
    static final String RSA = line("ssh-rsa", "rsa@x", "010001",
            "0097e4eea8c0308767d0bfd9240935ee59980c37f19251e0f378e071acf25fe8ae3e1043b194454c9c13018855908feaa67b015a"
            + "74c97d07d9e5fdff0a5ed5d4722d07129c4aaa9f9ab29ce1fa1ddc69c2ea726d8d378d093036d497b67a5f92fa509f031d2db94f"
            + "48b09e8027b91194b91e8645693686114d511dfcae680f6855db9f0b3a2c8c12985abdee9e2be5904fa829b4047baff0442b6d12"
            + "5f6b24fde90819547bc854439b975c5c13abcc5d2975d5ce626c98cf916682884f3b929750ca49232d1ec04fc5a3439efc123d3d"
            + "5498628a9d779306058b8cceb5c045c2f5266d7e1dc4fdcacaf468459a1990879b692999d8794035bbca34477514a57bbf");
    /** {@code ssh-keygen -l -E md5}. */
    static final String RSA_FINGERPRINT = "95:40:8d:d1:60:bb:00:43:dd:a1:de:c5:06:6e:f5:74";

    private Ec2TestKeys() {
    }

    /** {@code type base64(blob) comment}, the blob being the type and then each hex field, length-prefixed. */
    private static String line(String type, String comment, String... hexFields) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        field(blob, type.getBytes(StandardCharsets.US_ASCII));
        for (String hex : hexFields) {
            field(blob, HexFormat.of().parseHex(hex));
        }
        return type + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
    }

    private static void field(ByteArrayOutputStream blob, byte[] bytes) {
        blob.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        blob.writeBytes(bytes);
    }
}
