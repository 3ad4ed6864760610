package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The DER pieces against their known encodings, and whole certificates as the JDK's own X.509 and PKIX code reads
 * them.
 */
class X509WriterTest {

    @Test
    void derPiecesMatchTheirKnownEncodings() {
        // ecdsa-with-SHA256, as every certificate signed with it spells it
        assertThat(X509Writer.oid(1, 2, 840, 10045, 4, 3, 2)).containsExactly(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE,
                0x3D, 0x04, 0x03, 0x02);
        // digitalSignature + keyAgreement: bits 0 and 4, three unused trailing bits
        assertThat(X509Writer.keyUsage(X509Writer.DIGITAL_SIGNATURE, X509Writer.KEY_AGREEMENT))
                .containsExactly(0x03, 0x02, 0x03, 0x88);
        assertThat(X509Writer.keyUsage(X509Writer.KEY_CERT_SIGN, X509Writer.CRL_SIGN))
                .containsExactly(0x03, 0x02, 0x01, 0x06);
        assertThat(X509Writer.tlv(0x04, new byte[127])).startsWith(0x04, 0x7F);
        assertThat(X509Writer.tlv(0x04, new byte[200])).startsWith(0x04, 0x81, 0xC8);
        assertThat(X509Writer.tlv(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2C).hasSize(304);
    }

    @Test
    void theServerCertificateValidatesAgainstTheCaWithItsNamesAndUsages() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        X509Writer.Name caName = new X509Writer.Name("test CA", "ingest-runbooks");
        X509Certificate ca = parse(X509Writer.certificateAuthority(caName, caKeys, 3650));
        X509Certificate server = parse(X509Writer.server(new X509Writer.Name("localhost", "ingest-runbooks"),
                serverKeys.getPublic(), List.of("localhost"),
                List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})), caName, caKeys, 825));

        ca.verify(caKeys.getPublic());
        assertThat(ca.getVersion()).isEqualTo(3);
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=test CA,O=ingest-runbooks");

        server.verify(caKeys.getPublic());
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(server.getPublicKey()).isEqualTo(serverKeys.getPublic());
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getKeyUsage()).startsWith(true, false, false, false, true, false, false);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
                List.of(7, "127.0.0.1"));
        assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(825));
        assertThat(server.getNotBefore().toInstant()).isBefore(Instant.now());

        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), pkix);
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
