package dev.ingestrunbooks.drivers;

import java.util.Map;

/**
 * Checks a server setting the way the guide tells a reader to ({@code SELECT name, setting FROM pg_settings …}) and,
 * when it is wrong, names the guide step that sets it.
 */
public final class SettingCheck {
    private static final Map<String, GuideStep> GOVERNED_BY = Map.of(
            "rds.logical_replication", GuideStep.A1,
            "wal_level", GuideStep.A1,
            "max_replication_slots", GuideStep.A1,
            "max_wal_senders", GuideStep.A1);

    private SettingCheck() {
    }

    public static void expect(UpstreamPostgres upstream, String name, String expected) {
        String actual = upstream.setting(name);
        if (!expected.equals(actual)) {
            GuideStep fix = GOVERNED_BY.get(name);
            String problem = name + " is " + (actual == null ? "not set" : "'" + actual + "'") + ", not '" + expected + "'";
            if (fix == null) {
                throw new AssertionError(problem);
            }
            throw new RunbookFailure(fix, problem + (fix == GuideStep.A1
                    ? " (set rds.logical_replication = 1 in the parameter group and reboot)" : ""));
        }
    }
}
