package dev.ingestrunbooks.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.NoOp;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.PrintFile;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.Step;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.Unsupported;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.WriteLine;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.WriteStdin;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The restricted shell's parser alone (named SshBastion* so the bastion's test filter picks it up). */
class SshBastionRestrictedCommandLineTest {

    private static List<Step> parse(String line) throws Unsupported {
        return RestrictedCommandLine.parse(line, "ec2-user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat >> ~/.ssh/authorized_keys", "cat >>~/.ssh/authorized_keys",
            "cat >> .ssh/authorized_keys", "cat >> $HOME/.ssh/authorized_keys", "cat >> \"$HOME/.ssh/authorized_keys\"",
            "cat >> /home/ec2-user/.ssh/authorized_keys", "cat - >> ~/.ssh/../.ssh/authorized_keys"})
    void appendFromStdinInItsUsualSpellings(String line) throws Unsupported {
        assertThat(parse(line)).containsExactly(new Step(new WriteStdin(true, false), false));
    }

    @Test
    void echoKeepsTheQuotedLineWhole() throws Unsupported {
        assertThat(parse("echo \"ssh-ed25519 AAAA+/= materialize\" >> ~/.ssh/authorized_keys"))
                .containsExactly(new Step(new WriteLine("ssh-ed25519 AAAA+/= materialize", true, true), false));
        assertThat(parse("echo 'ssh-ed25519 AAAA materialize' > ~/.ssh/authorized_keys"))
                .containsExactly(new Step(new WriteLine("ssh-ed25519 AAAA materialize", true, false), false));
    }

    @Test
    void chainsOfCompanionCommands() throws Unsupported {
        assertThat(parse("mkdir -p ~/.ssh && chmod 700 ~/.ssh; tee -a ~/.ssh/authorized_keys && "
                + "chmod 600 ~/.ssh/authorized_keys && cat ~/.ssh/authorized_keys")).containsExactly(
                new Step(new NoOp(), false), new Step(new NoOp(), true), new Step(new WriteStdin(true, true), false),
                new Step(new NoOp(), true), new Step(new PrintFile(), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "uname -a", "cat /etc/passwd", "cat ~/.ssh/authorized_keys | sh",
            "cat >> ~/.bashrc", "echo $(id) >> ~/.ssh/authorized_keys", "echo `id` >> ~/.ssh/authorized_keys",
            "echo \"$USER\" >> ~/.ssh/authorized_keys", "cat < /etc/shadow", "sleep 1 &", "rm -rf ~",
            "echo 'unterminated >> ~/.ssh/authorized_keys", "", "  ", "&& cat ~/.ssh/authorized_keys",
            "chmod 777 ~/.ssh/authorized_keys", "cat \"~/.ssh/authorized_keys\""})
    void everythingElseIsUnsupported(String line) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(Unsupported.class);
    }
}
