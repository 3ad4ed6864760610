package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Errors400.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;

/** ImportKeyPair, DescribeKeyPairs, DeleteKeyPair through the real SDK: the bastion tab's "import your SSH key". */
class Ec2KeyPairsTest extends EmulatedEc2Test {


    private ImportKeyPairResponse importKey(String name, String line) {
        return ec2.importKeyPair(r -> r.keyName(name).publicKeyMaterial(SdkBytes.fromString(line,
                StandardCharsets.UTF_8)).tagSpecifications(t -> t.resourceType("key-pair").tags(x -> x.key("team")
                .value("data"))));
    }

    @Test
    void anImportedKeyIsDescribedWithItsFingerprintAndPublicKey() {
        Instant before = Instant.now().minusSeconds(1);
        ImportKeyPairResponse imported = importKey("admin-ed25519", Ec2TestKeys.ED25519);
        assertThat(imported.keyName()).isEqualTo("admin-ed25519");
        assertThat(imported.keyPairId()).matches("key-[0-9a-f]{17}");
        assertThat(imported.keyFingerprint()).isEqualTo(Ec2TestKeys.ED25519_FINGERPRINT);
        assertThat(imported.tags()).hasSize(1);

        KeyPairInfo described = ec2.describeKeyPairs(r -> r.keyNames("admin-ed25519").includePublicKey(true))
                .keyPairs().get(0);
        assertThat(described.keyPairId()).isEqualTo(imported.keyPairId());
        assertThat(described.keyType()).isEqualTo(KeyType.ED25519);
        assertThat(described.publicKey()).isEqualTo(Ec2TestKeys.ED25519);
        assertThat(described.keyFingerprint()).isEqualTo(Ec2TestKeys.ED25519_FINGERPRINT);
        assertThat(described.createTime()).isAfter(before);
        assertThat(described.tags().get(0).key()).isEqualTo("team");
        assertThat(ec2.describeKeyPairs(r -> r.keyPairIds(imported.keyPairId())).keyPairs().get(0).publicKey())
                .as("only with IncludePublicKey").isNull();
        assertThat(aws.ec2Backend().keyPair("admin-ed25519").publicKey()).isEqualTo(Ec2TestKeys.ED25519);

        ImportKeyPairResponse rsa = importKey("admin-rsa", Ec2TestKeys.RSA);
        assertThat(rsa.keyFingerprint()).isEqualTo(Ec2TestKeys.RSA_FINGERPRINT);
        assertThat(ec2.describeKeyPairs(r -> r.filters(f -> f.name("key-name").values("admin-*"))).keyPairs())
                .extracting(KeyPairInfo::keyName).contains("admin-ed25519", "admin-rsa");
        assertThat(ec2.describeKeyPairs(r -> r.filters(f -> f.name("fingerprint")
                .values(Ec2TestKeys.RSA_FINGERPRINT))).keyPairs()).extracting(KeyPairInfo::keyName)
                .containsExactly("admin-rsa");
        assertThat(ec2.describeKeyPairs(r -> r.filters(f -> f.name("tag:team").values("data"))).keyPairs())
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void deletingByNameIsIdempotentAndByIdChecksTheId() {
        String id = importKey("to-delete", Ec2TestKeys.ED25519).keyPairId();
        assertThat(ec2.deleteKeyPair(r -> r.keyName("to-delete")).returnValue()).isTrue();
        assertEc2Error(() -> ec2.describeKeyPairs(r -> r.keyNames("to-delete")), "InvalidKeyPair.NotFound",
                "The key pair 'to-delete' does not exist");
        assertThat(ec2.deleteKeyPair(r -> r.keyName("to-delete")).returnValue()).as("again: no error").isTrue();
        assertEc2Error(() -> ec2.deleteKeyPair(r -> r.keyPairId(id)), "InvalidKeyPair.NotFound",
                "The key pair '" + id + "' does not exist");
        String other = importKey("by-id", Ec2TestKeys.RSA).keyPairId();
        assertThat(ec2.deleteKeyPair(r -> r.keyPairId(other)).keyPairId()).isEqualTo(other);
    }

    @Test
    void badKeysAndDuplicatesGetEc2sErrors() throws Exception {
        importKey("dup", Ec2TestKeys.ED25519);
        assertEc2Error(() -> importKey("dup", Ec2TestKeys.RSA), "InvalidKeyPair.Duplicate",
                "The keypair 'dup' already exists.");
        java.io.ByteArrayOutputStream privateKey = new java.io.ByteArrayOutputStream(); // made here, not kept in source
        org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
                org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256), "bad", null, privateKey);
        assertEc2Error(() -> importKey("bad", privateKey.toString(StandardCharsets.UTF_8)), "InvalidKey.Format",
                "Key is not in valid OpenSSH public key format");
        assertEc2Error(() -> importKey("ecdsa", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY="),
                "InvalidKey.Format", "Key is not in valid OpenSSH public key format");
        assertEc2Error(() -> ec2.importKeyPair(r -> r.keyName("no-material")), "MissingParameter",
                "The request must contain the parameter PublicKeyMaterial");
        assertEc2Error(() -> ec2.describeKeyPairs(r -> r.filters(f -> f.name("colour").values("red"))),
                "InvalidParameterValue", "The filter 'colour' is invalid");
        assertEc2Error(() -> ec2.deleteKeyPair(r -> { }), "MissingParameter",
                "The request must contain the parameter KeyName or KeyPairId");
    }
}
