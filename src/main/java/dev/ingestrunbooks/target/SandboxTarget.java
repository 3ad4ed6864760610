package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.sandbox.Sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sandbox} target: one scenario's embedded world (see {@link Sandbox}), with the RDS instances and Aurora
 * clusters the scenario declares, each a real PostgreSQL server registered with the AWS emulator behind its own
 * security group.
 */
public final class SandboxTarget extends EmbeddedTarget {
    /** Where the admin's psql and the runbooks' own connections come from. */
    public static final String ADMIN_WORKSTATION = Sandbox.ADMIN_WORKSTATION;

    private SandboxTarget(RunbookConfig config) {
        super(config, Duration.ofMillis(100));
    }

    /** Starts the AWS emulator; databases start when the scenario declares them. */
    public static SandboxTarget start(RunbookConfig config) {
        return new SandboxTarget(config);
    }

    @Override
    public TargetKind kind() {
        return TargetKind.SANDBOX;
    }

    @Override
    public Database rdsInstance(String identifier) {
        return sandbox.rdsInstance(identifier);
    }

    @Override
    public Database auroraCluster(String identifier, String engineVersion, String engineMode) {
        return sandbox.auroraCluster(identifier, engineVersion, engineMode);
    }

    @Override
    public Database moveDatabaseAddress(Database database) {
        return sandbox.moveRdsInstanceAddress(database);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("region", config.region());
        d.put("aws.endpoint", sandbox.awsEndpoint().toString());
        d.put("postgres.version", sandbox.postgresVersion());
        d.put("postgres.requested-major", String.valueOf(config.postgresMajorVersion()));
        d.put("materialize", sandbox.materializeVersion());
        return d;
    }
}
