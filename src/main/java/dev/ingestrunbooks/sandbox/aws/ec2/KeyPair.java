package dev.ingestrunbooks.sandbox.aws.ec2;

import java.time.Instant;
import java.util.Map;

/**
 * An imported EC2 key pair: AWS keeps only the public half.
 *
 * @param id          {@code key-} and 17 hex digits
 * @param name        its unique name in the region
 * @param type        {@code ed25519} or {@code rsa}
 * @param fingerprint as AWS computes it for imported keys: ED25519 base64 SHA-256 of the key blob, RSA colon-hex MD5
 *                    of the key blob (RFC 4716 §4)
 * @param publicKey   the OpenSSH public key line as imported, e.g. {@code ssh-ed25519 AAAA… comment}
 * @param createTime  when it was imported
 * @param tags        its tags
 */
public record KeyPair(String id, String name, String type, String fingerprint, String publicKey, Instant createTime,
        Map<String, String> tags) {

    public KeyPair {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}
