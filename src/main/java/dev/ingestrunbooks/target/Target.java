package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;

import java.util.Map;

/**
 * Where one scenario's steps act: the drivers for AWS and the databases the scenario declares. A target is opened per
 * scenario and closed after it, even when it fails; closing removes whatever the target itself created.
 */
public interface Target extends AutoCloseable {

    TargetKind kind();

    /** The AWS control plane (RDS, EC2, ELBv2). */
    AwsControlPlane aws();

    /** Whether steps may change things on this target (everything on the sandbox; on live only when opted in). */
    ChangeGuard guard();

    /** The RDS for PostgreSQL instance called {@code identifier} (the sandbox creates it; live looks it up). */
    Database rdsInstance(String identifier);

    /**
     * The Aurora PostgreSQL cluster called {@code identifier}.
     *
     * @param engineVersion the engine version AWS reports (e.g. "16.4"); null for the run's default
     * @param engineMode    "provisioned", or "serverless" for Aurora Serverless v1
     */
    Database auroraCluster(String identifier, String engineVersion, String engineMode);

    /**
     * Materialize, started or looked up on first use: the sandbox's emulator, or the region given by {@code MZ_*}
     * variables on the live target.
     */
    MaterializeAccess materialize();

    /**
     * The Materialize version a scenario needs ({@code v0.97}: the guide's era; {@code v0.130}: today's), declared
     * before Materialize is first used. The sandbox imitates it; a live region that runs another era makes the
     * scenario unavailable ({@link TargetUnavailableException}).
     */
    void requireMaterializeVersion(String version);

    /**
     * Makes the address behind an RDS instance's endpoint change, as AWS may without notice (the guide's warning
     * for PrivateLink target groups); returns the database with its endpoint's new address. Only the sandbox can.
     */
    default Database moveDatabaseAddress(Database database) {
        throw new TargetUnavailableException("only the sandbox can move an instance's address; on "
                + kind().name().toLowerCase(java.util.Locale.ROOT) + " this scenario does not run");
    }

    /** The port an EC2 instance's SSH server listens on: 22 on AWS; a free port on the sandbox (not root there). */
    default int sshPort() {
        return 22;
    }

    /**
     * The CIDR the admin's own connections come from (psql, an SSH login to a bastion), for rules such as the launch
     * wizard's "SSH from My IP". The live target reads it from {@code runbook.admin.cidr}.
     */
    String adminWorkstation();

    /** What the report's environment.properties says about this target (no secrets). */
    Map<String, String> describe();

    @Override
    void close();
}
