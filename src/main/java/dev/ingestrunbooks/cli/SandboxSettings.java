package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.sandbox.aws.rds.ParameterFamily;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import java.util.regex.Pattern;

/**
 * What the standalone sandbox starts: the RDS-like instance's PostgreSQL major and identifier, whether it starts
 * with logical replication on, the emulated AWS region, and optionally a Materialize password.
 *
 * @param postgresMajor 13..17; the embedded binaries on the classpath must be of this major
 * @param logicalReplication whether the instance starts with a parameter group that has
 *        {@code rds.logical_replication=1} (otherwise it has the default group, as a fresh RDS instance)
 * @param mzPassword Materialize's login password, or null to trust every login
 * @param mzVersion the Materialize version the emulator imitates
 */
public record SandboxSettings(int postgresMajor, boolean logicalReplication, String region, String instanceId,
        String mzPassword, MaterializeVersion mzVersion) {

    /** RDS's rule for DBInstanceIdentifier: a letter, then letters, digits or single hyphens; at most 63. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z](-?[a-zA-Z0-9])*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public SandboxSettings {
        if (postgresMajor < ParameterFamily.MIN_MAJOR || postgresMajor > ParameterFamily.MAX_MAJOR) {
            throw new IllegalArgumentException("PostgreSQL " + postgresMajor + " is not offered: choose "
                    + ParameterFamily.MIN_MAJOR + ".." + ParameterFamily.MAX_MAJOR);
        }
        if (instanceId == null || instanceId.length() > 63 || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("'" + instanceId + "' is not a valid DB instance identifier: a letter, "
                    + "then letters, digits or single hyphens, at most 63 characters, not ending with a hyphen");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not an AWS region name such as us-east-1");
        }
        java.util.Objects.requireNonNull(mzVersion, "mzVersion");
        if (mzPassword != null && mzPassword.isEmpty()) {
            throw new IllegalArgumentException("the Materialize password must not be empty");
        }
    }
}
