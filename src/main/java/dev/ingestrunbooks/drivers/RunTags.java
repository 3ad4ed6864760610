package dev.ingestrunbooks.drivers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every AWS resource a runbook creates carries, when the resource takes tags at creation:
 * {@code ingest-runbooks:run=<run id>} (one id per JVM run) and {@code ingest-runbooks:scenario=<scenario name>}.
 * They let a user find what a run left behind when its JVM was killed before it could clean up, e.g. with
 * {@code aws resourcegroupstaggingapi get-resources --tag-filters Key=ingest-runbooks:run,Values=<run id>}.
 *
 * <p>Values are cut to 256 characters and characters outside the set ELBv2 and RDS accept in tags (letters, digits,
 * spaces and {@code _.:/=+-@}) become {@code _}, so one value serves every service.
 */
public record RunTags(String runId, String scenario) {
    public static final String RUN_KEY = "ingest-runbooks:run";
    public static final String SCENARIO_KEY = "ingest-runbooks:scenario";

    /** No run: the tags of a driver nobody named (unit tests, the CLI). */
    public static final RunTags NONE = new RunTags("unnamed", "unnamed");

    public RunTags {
        runId = clean(runId);
        scenario = clean(scenario);
    }

    /** The tags, run first. */
    public Map<String, String> asMap() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RUN_KEY, runId);
        tags.put(SCENARIO_KEY, scenario);
        return tags;
    }

    static String clean(String value) {
        String v = value == null || value.isBlank() ? "unnamed" : value.strip();
        v = v.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        return v.length() > 256 ? v.substring(0, 256) : v;
    }
}
