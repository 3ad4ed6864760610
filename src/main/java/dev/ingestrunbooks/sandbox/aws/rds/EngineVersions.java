package dev.ingestrunbooks.sandbox.aws.rds;

import java.util.List;

/**
 * The engine versions DescribeDBEngineVersions lists: a few PostgreSQL and Aurora PostgreSQL versions per major
 * 13–17, enough to find a version's parameter-group family. The last of each engine and major is its default.
 * Aurora PostgreSQL 16.1 is listed on purpose (the guides warn about its logical-replication bug). The versions of
 * the embedded PostgreSQL binaries the sandbox runs (13.23, 14.24, 15.19, 16.15, 17.11) are listed for both engines,
 * because sandbox instances report the version their server really runs.
 */
public final class EngineVersions {

    /** One {@code DBEngineVersion}. */
    public record EngineVersion(String engine, String version, boolean isDefault) {

        public ParameterFamily family() {
            return ParameterFamily.of(engine, version);
        }

        public String majorVersion() {
            return Integer.toString(family().major());
        }

        public String engineDescription() {
            return family().aurora() ? "Aurora (PostgreSQL)" : "PostgreSQL";
        }

        public String versionDescription() {
            return family().aurora() ? "Aurora PostgreSQL (Compatible with PostgreSQL " + version + ")"
                    : "PostgreSQL " + version + "-R1";
        }
    }

    private static final List<String> POSTGRES = List.of("13.20", "13.23", "14.17", "14.24", "15.12",
            "15.19", "16.4", "16.8", "16.15", "17.4", "17.11");
    private static final List<String> AURORA = List.of("13.18", "13.23", "14.15", "14.24", "15.10",
            "15.19", "16.1", "16.2", "16.4", "16.6", "16.15", "17.4", "17.11");

    private EngineVersions() {
    }

    public static List<EngineVersion> all() {
        return java.util.stream.Stream.concat(
                POSTGRES.stream().map(v -> version(ParameterFamily.POSTGRES, v, POSTGRES)),
                AURORA.stream().map(v -> version(ParameterFamily.AURORA_POSTGRESQL, v, AURORA))).toList();
    }

    private static EngineVersion version(String engine, String v, List<String> list) {
        String major = v.substring(0, v.indexOf('.'));
        boolean last = list.stream().filter(x -> x.startsWith(major + ".")).reduce((a, b) -> b).orElseThrow().equals(v);
        return new EngineVersion(engine, v, last);
    }
}
