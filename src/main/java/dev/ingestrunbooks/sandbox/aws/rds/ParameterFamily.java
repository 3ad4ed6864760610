package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter-group family, {@code postgresNN} or {@code aurora-postgresqlNN}, for the PostgreSQL majors the
 * sandbox emulates (13 to 17). Other engines (MySQL, Oracle, …) are not emulated.
 */
public record ParameterFamily(String engine, int major) {

    public static final String POSTGRES = "postgres";
    public static final String AURORA_POSTGRESQL = "aurora-postgresql";
    public static final int MIN_MAJOR = 13;
    public static final int MAX_MAJOR = 17;

    public ParameterFamily {
        if (!POSTGRES.equals(engine) && !AURORA_POSTGRESQL.equals(engine)) {
            throw new IllegalArgumentException("engine must be postgres or aurora-postgresql: " + engine);
        }
        if (major < MIN_MAJOR || major > MAX_MAJOR) {
            throw new IllegalArgumentException("PostgreSQL major must be 13..17: " + major);
        }
    }

    /** The family of an engine and version such as {@code 16.4}. */
    public static ParameterFamily of(String engine, String engineVersion) {
        String major = engineVersion.contains(".") ? engineVersion.substring(0, engineVersion.indexOf('.')) : engineVersion;
        try {
            return new ParameterFamily(engine, Integer.parseInt(major));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad engine version: " + engineVersion, e);
        }
    }

    /** Parses a request's family; an unknown one gives 400 {@code InvalidParameterValue}. */
    public static ParameterFamily parse(String name) {
        for (ParameterFamily f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw AwsErrors.invalidParameterValue("ParameterGroupFamily " + name + " is not a valid parameter group "
                + "family; the sandbox knows postgres13..17 and aurora-postgresql13..17.");
    }

    public static List<ParameterFamily> all() {
        List<ParameterFamily> all = new ArrayList<>();
        for (String e : List.of(POSTGRES, AURORA_POSTGRESQL)) {
            for (int m = MIN_MAJOR; m <= MAX_MAJOR; m++) {
                all.add(new ParameterFamily(e, m));
            }
        }
        return all;
    }

    public boolean aurora() {
        return AURORA_POSTGRESQL.equals(engine);
    }

    /** e.g. {@code postgres16}. */
    public String name() {
        return engine + major;
    }

    /** The implicit read-only default group, e.g. {@code default.aurora-postgresql16}. */
    public String defaultGroupName() {
        return "default." + name();
    }

    @Override
    public String toString() {
        return name();
    }
}
