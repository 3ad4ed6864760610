package dev.ingestrunbooks.target;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainersTargetTest {

    @Test
    void withoutDockerTheTargetIsUnavailableWithAMessageSayingWhatToDo() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeFalse(docker, "a Docker daemon is reachable here");
        Properties p = new Properties();
        p.setProperty("runbook.target", "containers");
        assertThatThrownBy(() -> Targets.open(new RunbookConfig(p, Map.of())))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("needs a Docker daemon").hasMessageContaining("runbook.target=sandbox");
    }
}
