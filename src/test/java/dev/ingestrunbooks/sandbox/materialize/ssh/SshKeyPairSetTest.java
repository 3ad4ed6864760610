package dev.ingestrunbooks.sandbox.materialize.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.sql.MaterializeStatements;
import dev.ingestrunbooks.sandbox.materialize.sql.MzParser;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement;
import dev.ingestrunbooks.sandbox.materialize.sql.QualifiedName;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;
import org.junit.jupiter.api.Test;

/** Key pair sets as Materialize keeps them, and the ROTATE KEYS statement. */
class SshKeyPairSetTest {

    @Test
    void publicKeysAreOpenSshLinesWithMaterializesCommentAndPrivateKeysStayOutOfToString() {
        SshKeyPairSet keys = SshKeyPairSet.generate();
        assertThat(keys.publicKey1()).matches(MaterializeSshTunnelTest.KEY);
        assertThat(keys.publicKey2()).matches(MaterializeSshTunnelTest.KEY).isNotEqualTo(keys.publicKey1());
        assertThat(keys.encode()).contains("-----" + OpenSSHKeyPairResourceParser.BEGIN_MARKER + "-----");
        assertThat(keys.toString()).contains(keys.publicKey1()).doesNotContain("PRIVATE");
        SshKeyPairSet decoded = SshKeyPairSet.decode(keys.encode());
        assertThat(decoded).isEqualTo(keys);
        assertThat(decoded.primary().getPrivate()).isEqualTo(keys.primary().getPrivate());
    }

    @Test
    void rotationPromotesTheSecondaryAndGeneratesANewSecondary() {
        SshKeyPairSet keys = SshKeyPairSet.generate();
        SshKeyPairSet rotated = keys.rotate();
        assertThat(rotated.publicKey1()).isEqualTo(keys.publicKey2());
        assertThat(rotated.publicKey2()).isNotIn(keys.publicKey1(), keys.publicKey2());
        assertThat(rotated.primary().getPrivate()).isEqualTo(SshKeyPairSet.decode(keys.encode()).rotate().primary()
                .getPrivate());
    }

    @Test
    void rotateKeysIsAMaterializeStatement() {
        assertThat(MzParser.parse("ALTER CONNECTION ssh_connection ROTATE KEYS;"))
                .isEqualTo(new MzStatement.AlterConnectionRotateKeys(false, QualifiedName.of("ssh_connection")));
        assertThat(MzParser.parse("alter connection if exists c rotate keys"))
                .isEqualTo(new MzStatement.AlterConnectionRotateKeys(true, QualifiedName.of("c")));
        assertThat(MaterializeStatements.classify("ALTER CONNECTION c ROTATE KEYS").getClass().getSimpleName())
                .isEqualTo("Materialize");
    }
}
