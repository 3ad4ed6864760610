package dev.ingestrunbooks.target;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a runbook's steps act: the sandbox on this machine, containers, or the user's own AWS and databases. */
public enum TargetKind {
    /** In-process AWS emulator, embedded PostgreSQL made to look like RDS/Aurora: Java and Maven only. */
    SANDBOX,
    /** PostgreSQL (and later LocalStack, Materialize) in Docker containers through Testcontainers. */
    CONTAINERS,
    /** The user's own AWS account, RDS/Aurora and Materialize; read-only unless changes are allowed. */
    LIVE;

    /** Parses {@code sandbox | containers | live}, case-insensitively, with an error that lists the choices. */
    public static TargetKind parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (TargetKind kind : values()) {
            if (kind.id().equals(v)) {
                return kind;
            }
        }
        throw new ConfigException("runbook.target must be one of "
                + Arrays.stream(values()).map(TargetKind::id).collect(Collectors.joining(", "))
                + ", not '" + value + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
