package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import dev.ingestrunbooks.target.MaterializeAccess;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.Target;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the targets that run everything on this machine share ({@code sandbox}, {@code containers}): the AWS
 * control-plane emulator, the sandbox Materialize started on first use, free rein to change things, and the
 * resources a scenario started, which {@link #close()} stops after the emulator, newest first, also after a failure.
 */
public abstract class EmbeddedTarget implements Target {
    protected final RunbookConfig config;
    protected final EmulatedAws aws;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private SandboxMaterialize materialize;
    private MaterializeVersion materializeVersion;

    protected EmbeddedTarget(RunbookConfig config, EmulatedAws aws) {
        this.config = config;
        this.aws = aws;
    }

    @Override
    public AwsControlPlane aws() {
        return aws.driver();
    }

    @Override
    public ChangeGuard guard() {
        return ChangeGuard.ALLOW_ALL;
    }

    /** The sandbox's Materialize emulator; it reaches the databases through their loopback endpoints. */
    @Override
    public MaterializeAccess materialize() {
        if (materialize == null) {
            MaterializeVersion version = materializeVersion != null ? materializeVersion
                    : config.get(RunbookConfig.MATERIALIZE_VERSION).map(MaterializeVersion::parse)
                            .orElse(MaterializeVersion.DEFAULT);
            materialize = own(SandboxMaterialize.start(version));
        }
        return materialize.access();
    }

    /** The sandbox Materialize imitates {@code version} (it must not have started yet with another one). */
    @Override
    public void requireMaterializeVersion(String version) {
        MaterializeVersion wanted = MaterializeVersion.parse(version);
        if (materialize != null && materialize.imitated() != wanted) {
            throw new IllegalStateException("the sandbox Materialize already runs " + materialize.version()
                    + "; declare the version before the first Materialize step");
        }
        materializeVersion = wanted;
    }

    /** Where the AWS emulator listens (an endpoint override for another SDK client). */
    public java.net.URI awsEndpoint() {
        return aws.endpoint();
    }

    /** Every AWS action requested of this target's emulator so far, as {@code service:Action}. */
    public java.util.List<String> awsActions() {
        return aws.actions();
    }

    /** The kind of every Materialize statement the sandbox Materialize ran so far; empty when it never started. */
    public java.util.List<String> materializeStatements() {
        return materialize == null ? java.util.List.of() : materialize.statements();
    }

    /**
     * A connection to the sandbox Materialize's backing database (tests use it to stall an ingestion); starts
     * Materialize if it has not started.
     */
    public java.sql.Connection connectMaterializeBacking() throws java.sql.SQLException {
        materialize();
        return materialize.connectBacking();
    }

    /** What {@code mz_version()} reports, or "not started". */
    protected String materializeVersion() {
        return materialize == null ? "not started" : materialize.version();
    }

    /** Stops {@code resource} when the target closes. */
    protected <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /** Stops the emulator (waiting for in-flight reboots), then every owned resource, newest first. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            aws.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("sandbox cleanup failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
