package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.sandbox.Sandbox;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What the targets that run everything on this machine share ({@code sandbox}, {@code containers}): a
 * {@link Sandbox} (the AWS control-plane emulator, the databases, Materialize started on first use) and free rein to
 * change things. {@link #close()} stops the sandbox, also after a failure.
 */
public abstract class EmbeddedTarget implements Target {
    protected final RunbookConfig config;
    protected final Sandbox sandbox;

    protected EmbeddedTarget(RunbookConfig config, Duration pollInterval) {
        this.config = config;
        Sandbox.Options options = Sandbox.Options.of(config.region(), config.postgresMajorVersion())
                .withPollInterval(pollInterval);
        options = config.get(RunbookConfig.MATERIALIZE_VERSION).map(MaterializeVersion::parse)
                .map(options::withMaterializeVersion).orElse(options);
        this.sandbox = Sandbox.start(options);
    }

    @Override
    public AwsControlPlane aws() {
        return sandbox.aws();
    }

    @Override
    public ChangeGuard guard() {
        return ChangeGuard.ALLOW_ALL;
    }

    /** The sandbox's Materialize emulator; it reaches the databases through their loopback endpoints. */
    @Override
    public MaterializeAccess materialize() {
        return sandbox.materializeAccess();
    }

    /** The sandbox Materialize imitates {@code version} (it must not have started yet with another one). */
    @Override
    public void requireMaterializeVersion(String version) {
        sandbox.requireMaterializeVersion(MaterializeVersion.parse(version));
    }

    @Override
    public int sshPort() {
        return sandbox.sshPort();
    }

    @Override
    public String adminWorkstation() {
        return Sandbox.ADMIN_WORKSTATION;
    }

    /** The world this target runs on (tests reach into it, e.g. to break one thing). */
    public Sandbox sandbox() {
        return sandbox;
    }

    /** Where the AWS emulator listens (an endpoint override for another SDK client). */
    public URI awsEndpoint() {
        return sandbox.awsEndpoint();
    }

    /** Every AWS action requested of this target's emulator so far, as {@code service:Action}. */
    public List<String> awsActions() {
        return sandbox.awsActions();
    }

    /** The kind of every Materialize statement the sandbox Materialize ran so far; empty when it never started. */
    public List<String> materializeStatements() {
        return sandbox.materializeStatements();
    }

    /**
     * A connection to the sandbox Materialize's backing database (tests use it to stall an ingestion); starts
     * Materialize if it has not started.
     */
    public Connection connectMaterializeBacking() throws SQLException {
        return sandbox.materialize().connectBacking();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
