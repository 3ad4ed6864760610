package dev.ingestrunbooks.sandbox.aws.rds;

import java.util.Set;

/**
 * What the sandbox registers as one Aurora PostgreSQL DB cluster; its members are the instances registered
 * afterwards with this cluster's id.
 *
 * @param engineMode {@code provisioned} or {@code serverless} (Aurora Serverless v1, which cannot do logical
 *     replication; the emulator only reports the mode)
 * @param writerAddress returned verbatim as {@code Endpoint}
 * @param readerAddress returned verbatim as {@code ReaderEndpoint}
 */
public record DbClusterSpec(String id, String engineVersion, String engineMode, String writerAddress,
        String readerAddress, int port, String masterUsername, String databaseName) {

    private static final Set<String> MODES = Set.of("provisioned", "serverless");

    public DbClusterSpec {
        DbInstanceSpec.requireText(id, "id");
        DbInstanceSpec.requireText(writerAddress, "writerAddress");
        DbInstanceSpec.requireText(readerAddress, "readerAddress");
        ParameterFamily.of(ParameterFamily.AURORA_POSTGRESQL, engineVersion);
        engineMode = engineMode == null ? "provisioned" : engineMode;
        if (!MODES.contains(engineMode)) {
            throw new IllegalArgumentException("engineMode must be provisioned or serverless: " + engineMode);
        }
        masterUsername = masterUsername == null ? "postgres" : masterUsername;
        databaseName = databaseName == null ? "postgres" : databaseName;
    }

    /** A provisioned Aurora PostgreSQL cluster with master user and database {@code postgres}. */
    public static DbClusterSpec aurora(String id, String engineVersion, String writerAddress, String readerAddress,
            int port) {
        return new DbClusterSpec(id, engineVersion, "provisioned", writerAddress, readerAddress, port, null, null);
    }

    public ParameterFamily family() {
        return ParameterFamily.of(ParameterFamily.AURORA_POSTGRESQL, engineVersion);
    }
}
