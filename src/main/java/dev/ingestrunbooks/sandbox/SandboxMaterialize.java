package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import dev.ingestrunbooks.drivers.MaterializeAccess;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The Materialize of an embedded target: a {@link MaterializeEmulator} with a password generated for this scenario
 * (registered as a secret). Closing it stops the emulator, its ingestions and its backing database.
 */
public final class SandboxMaterialize implements AutoCloseable {
    /**
     * The address Materialize's outbound connections leave from, which {@code mz_egress_ips} reports: not the admin's
     * 127.0.0.1, so that a database's security group must admit it (guide step B).
     */
    public static final String EGRESS_ADDRESS = "127.0.0.2";
    private final MaterializeEmulator emulator;
    private final MaterializeAccess access;

    private SandboxMaterialize(MaterializeEmulator emulator, String password) {
        this.emulator = emulator;
        this.access = new MaterializeAccess(new PgEndpoint(emulator.host(), emulator.port(), "materialize"),
                MaterializeEmulator.USER, password);
    }

    /** Starts the emulator on loopback, imitating today's Materialize, with a generated password. */
    public static SandboxMaterialize start() {
        return start(MaterializeVersion.DEFAULT, 0, java.util.Optional.empty(), false);
    }

    /**
     * Starts the emulator on loopback, imitating {@code version}.
     *
     * @param postgresMajor   the major of its backing database; 0 for the default
     * @param password        the login password; empty: one is generated unless {@code trustEveryLogin}
     * @param trustEveryLogin with no password given, let any login in
     */
    public static SandboxMaterialize start(MaterializeVersion version, int postgresMajor,
            java.util.Optional<String> password, boolean trustEveryLogin) {
        return start(version, postgresMajor, password, trustEveryLogin, emulator -> emulator);
    }

    /** As {@link #start(MaterializeVersion, int, java.util.Optional, boolean)}, with {@code wiring} applied last. */
    static SandboxMaterialize start(MaterializeVersion version, int postgresMajor, java.util.Optional<String> password,
            boolean trustEveryLogin, java.util.function.UnaryOperator<MaterializeEmulator> wiring) {
        String login = password.orElse(trustEveryLogin ? null : generatedPassword());
        MaterializeEmulator emulator = new MaterializeEmulator().withVersion(version)
                .withEgressAddress(EGRESS_ADDRESS);
        if (postgresMajor > 0) {
            emulator.withPostgresMajorVersion(postgresMajor);
        }
        if (login != null) {
            emulator.withPassword(Secrets.register(login));
        }
        return new SandboxMaterialize(wiring.apply(emulator).start(), login);
    }

    private static String generatedPassword() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "Mz-app-" + HexFormat.of().formatHex(random);
    }

    /** The emulator itself (the standalone command prints its endpoint). */
    public MaterializeEmulator emulator() {
        return emulator;
    }

    /** The version it imitates. */
    public MaterializeVersion imitated() {
        return emulator.version();
    }

    public MaterializeAccess access() {
        return access;
    }

    /** The version {@code mz_version()} reports, for the report's environment. */
    public String version() {
        return emulator.version().reported();
    }

    /** A connection to the emulator's backing database (see {@link MaterializeEmulator#connectBacking()}). */
    public java.sql.Connection connectBacking() throws java.sql.SQLException {
        return emulator.connectBacking();
    }

    /** The kind of every Materialize statement run so far ({@code CreateSource}, {@code Show}, …). */
    public java.util.List<String> statements() {
        return emulator.engine().materializeStatements();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
