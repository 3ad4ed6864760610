package dev.ingestrunbooks.sandbox.rds;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes X.509 v3 certificates (RFC 5280) signed with ECDSA P-256 / SHA-256, in the JVM: the DER encoding of the
 * few structures a CA certificate and a TLS server certificate need, signed with {@link Signature}. The JDK has no
 * public API that issues certificates, and running {@code keytool} costs a JVM start per step (four steps took 2 to
 * 3 s of CPU); this takes a few milliseconds.
 *
 * <p>What a certificate holds: version 3, a random positive 127-bit serial, {@code ecdsa-with-SHA256}, issuer and
 * subject names of CN and O (UTF8String), validity from an hour ago (clock skew) for the given days (UTCTime before
 * 2050, GeneralizedTime after, as RFC 5280 §4.1.2.5 says), the public key as the key itself encodes it, and the
 * extensions asked for. Subject and authority key identifiers are the leftmost 160 bits of the SHA-256 of the
 * subject public key info (RFC 5280 §4.2.1.2 allows any method that yields unique values).
 */
final class X509Writer {

    private static final int[] ECDSA_WITH_SHA256 = {1, 2, 840, 10045, 4, 3, 2};
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    private static final int[] ORGANIZATION = {2, 5, 4, 10};
    private static final int[] SUBJECT_KEY_ID = {2, 5, 29, 14};
    private static final int[] KEY_USAGE = {2, 5, 29, 15};
    private static final int[] SUBJECT_ALT_NAME = {2, 5, 29, 17};
    private static final int[] BASIC_CONSTRAINTS = {2, 5, 29, 19};
    private static final int[] AUTHORITY_KEY_ID = {2, 5, 29, 35};
    private static final int[] EXTENDED_KEY_USAGE = {2, 5, 29, 37};
    private static final int[] SERVER_AUTH = {1, 3, 6, 1, 5, 5, 7, 3, 1};

    /** KeyUsage bits (RFC 5280 §4.2.1.3), numbered from the first byte's most significant bit. */
    static final int DIGITAL_SIGNATURE = 0;
    static final int KEY_AGREEMENT = 4;
    static final int KEY_CERT_SIGN = 5;
    static final int CRL_SIGN = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private X509Writer() {
    }

    /** A name of one organization and one common name, in that order (RFC 2253 text reverses it: CN=…,O=…). */
    record Name(String commonName, String organization) {
        byte[] der() {
            return sequence(attribute(ORGANIZATION, organization), attribute(COMMON_NAME, commonName));
        }

        private static byte[] attribute(int[] type, String value) {
            return tlv(0x31, sequence(oid(type), tlv(0x0C, value.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** A self-signed CA certificate: basicConstraints CA:true and keyUsage keyCertSign, cRLSign, both critical. */
    static byte[] certificateAuthority(Name name, KeyPair keys, int days) throws GeneralSecurityException {
        byte[] keyId = keyIdentifier(keys.getPublic());
        List<byte[]> extensions = List.of(
                extension(BASIC_CONSTRAINTS, true, sequence(tlv(0x01, new byte[] {(byte) 0xFF}))),
                extension(KEY_USAGE, true, keyUsage(KEY_CERT_SIGN, CRL_SIGN)),
                extension(SUBJECT_KEY_ID, false, tlv(0x04, keyId)));
        return sign(name, keys.getPrivate(), keyId, name, keys.getPublic(), days, extensions);
    }

    /**
     * A TLS server certificate for {@code dnsNames} and {@code addresses}, issued by the CA of {@code issuer} and
     * {@code issuerKeys}: subjectAltName, extendedKeyUsage serverAuth, keyUsage digitalSignature and keyAgreement
     * (critical), and both key identifiers.
     */
    static byte[] server(Name subject, PublicKey subjectKey, List<String> dnsNames, List<InetAddress> addresses,
            Name issuer, KeyPair issuerKeys, int days) throws GeneralSecurityException {
        List<byte[]> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII))));
        addresses.forEach(a -> names.add(tlv(0x87, a.getAddress())));
        byte[] issuerKeyId = keyIdentifier(issuerKeys.getPublic());
        List<byte[]> extensions = List.of(
                extension(SUBJECT_ALT_NAME, false, sequence(names.toArray(byte[][]::new))),
                extension(EXTENDED_KEY_USAGE, false, sequence(oid(SERVER_AUTH))),
                extension(KEY_USAGE, true, keyUsage(DIGITAL_SIGNATURE, KEY_AGREEMENT)),
                extension(SUBJECT_KEY_ID, false, tlv(0x04, keyIdentifier(subjectKey))),
                extension(AUTHORITY_KEY_ID, false, sequence(tlv(0x80, issuerKeyId))));
        return sign(issuer, issuerKeys.getPrivate(), issuerKeyId, subject, subjectKey, days, extensions);
    }

    private static byte[] sign(Name issuer, PrivateKey issuerKey, byte[] issuerKeyId, Name subject,
            PublicKey subjectKey, int days, List<byte[]> extensions) throws GeneralSecurityException {
        Instant notBefore = Instant.now().minusSeconds(3600);
        byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
        byte[] tbs = sequence(
                tlv(0xA0, integer(BigInteger.TWO)),
                integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)),
                algorithm,
                issuer.der(),
                sequence(time(notBefore), time(notBefore.plusSeconds(days * 86_400L))),
                subject.der(),
                subjectKey.getEncoded(),
                tlv(0xA3, sequence(extensions.toArray(byte[][]::new))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        return sequence(tbs, algorithm, bitString(signer.sign()));
    }

    private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
        return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 20);
    }

    private static byte[] extension(int[] type, boolean critical, byte[] value) {
        return critical
                ? sequence(oid(type), tlv(0x01, new byte[] {(byte) 0xFF}), tlv(0x04, value))
                : sequence(oid(type), tlv(0x04, value));
    }

    /** A KeyUsage BIT STRING with the given bits set; DER drops the trailing zero bits (they count as unused). */
    static byte[] keyUsage(int... bits) {
        int value = 0;
        int last = 0;
        for (int bit : bits) {
            value |= 0x80 >>> bit;
            last = Math.max(last, bit);
        }
        return tlv(0x03, new byte[] {(byte) (7 - last), (byte) value});
    }

    private static byte[] time(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        boolean utcTime = t.getYear() < 2050;
        String text = t.format(DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'"));
        return tlv(utcTime ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bytes) {
        byte[] content = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        return tlv(0x03, content);
    }

    /** An OBJECT IDENTIFIER: the first two arcs as 40 × a + b, every arc in base 128, high bit on all but the last. */
    static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < arcs.length; i++) {
            long arc = i == 1 ? 40L * arcs[0] + arcs[1] : arcs[i];
            int groups = 1;
            while ((arc >>> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] e : elements) {
            content.writeBytes(e);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** Tag, definite length (short form below 128, else long form), value. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
