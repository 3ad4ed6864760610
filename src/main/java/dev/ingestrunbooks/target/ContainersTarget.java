package dev.ingestrunbooks.target;

import org.testcontainers.DockerClientFactory;

/**
 * The {@code containers} target: PostgreSQL (and later LocalStack and Materialize) in Docker through Testcontainers.
 *
 * <p>Status: only the Docker check exists. Without a Docker daemon (as on the machines this project is built on)
 * every scenario is skipped with a message saying so; with Docker, it is skipped too, saying that the container-backed
 * databases are not built yet. Use the default {@code sandbox} target, which needs no Docker.
 */
public final class ContainersTarget {
    private ContainersTarget() {
    }

    public static Target open(RunbookConfig config) {
        if (!dockerAvailable()) {
            throw new TargetUnavailableException("runbook.target=containers needs a Docker daemon and none is reachable"
                    + " (DOCKER_HOST or /var/run/docker.sock); run with the default runbook.target=sandbox instead");
        }
        throw new TargetUnavailableException("runbook.target=containers: Docker is available, but container-backed "
                + "RDS/Aurora databases are not built yet; run with the default runbook.target=sandbox");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
