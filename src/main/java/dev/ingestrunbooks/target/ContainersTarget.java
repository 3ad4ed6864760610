package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.target.EmbeddedTarget;
import dev.ingestrunbooks.sandbox.EmulatedAws;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.rds.ContainerRdsInstance;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code containers} target: RDS instances are the official {@code postgres} image in Docker (Testcontainers),
 * with the sandbox's RDS flavour; the AWS control plane is the sandbox's emulator (LocalStack needs an auth token and
 * does not apply static parameters on reboot).
 *
 * <p>Without a Docker daemon every scenario is skipped with a message saying so. Aurora clusters are not available
 * here yet (their reader needs a hot standby), so Aurora scenarios are skipped too. Untested on the machines this
 * project is built on, which have no Docker.
 */
public final class ContainersTarget extends EmbeddedTarget {

    private ContainersTarget(RunbookConfig config) {
        super(config, Duration.ofMillis(200));
    }

    public static Target open(RunbookConfig config) {
        if (!dockerAvailable()) {
            throw new TargetUnavailableException("runbook.target=containers needs a Docker daemon and none is reachable"
                    + " (DOCKER_HOST or /var/run/docker.sock); run with the default runbook.target=sandbox instead");
        }
        return new ContainersTarget(config);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public TargetKind kind() {
        return TargetKind.CONTAINERS;
    }

    @Override
    public Database rdsInstance(String identifier) {
        ContainerRdsInstance instance = ContainerRdsInstance.start(identifier, config.postgresMajorVersion());
        return sandbox.adoptRdsInstance(identifier, instance, instance.endpoint(), instance.postgresVersion(),
                instance.masterUsername(), instance.masterPassword());
    }

    @Override
    public Database auroraCluster(String identifier, String engineVersion, String engineMode) {
        throw new TargetUnavailableException("runbook.target=containers has no Aurora clusters yet (the reader needs a"
                + " hot standby); run Aurora runbooks with runbook.target=sandbox");
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("region", config.region(), "aws.endpoint", sandbox.awsEndpoint().toString(),
                "postgres.image", "postgres:" + config.postgresMajorVersion());
    }
}
