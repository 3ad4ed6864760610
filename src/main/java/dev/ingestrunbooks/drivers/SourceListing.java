package dev.ingestrunbooks.drivers;

import java.util.List;
import java.util.Map;

/**
 * Reads the result of the guide's {@code SHOW SOURCES} against what the guide's {@code CREATE SOURCE … FOR ALL
 * TABLES} should have made: the source, and one subsource per table. A missing source means step C2 did not run; a
 * missing subsource means the publication does not include that table (step A2), since FOR ALL TABLES makes a
 * subsource of every table the publication has.
 */
public final class SourceListing {

    private SourceListing() {
    }

    /** Fails, naming the step that fixes it, unless every expected {@code name}/{@code type} row is listed. */
    public static void require(ResultTable listed, List<Map<String, String>> expected) {
        int name = listed.columns().indexOf("name");
        int type = listed.columns().indexOf("type");
        if (name < 0 || type < 0) {
            throw new IllegalStateException("SHOW SOURCES returned no name/type columns: " + listed.columns());
        }
        for (Map<String, String> row : expected) {
            boolean found = listed.rows().stream().anyMatch(r -> row.get("name").equals(r.get(name))
                    && row.get("type").equals(r.get(type)));
            if (found) {
                continue;
            }
            String names = String.join(", ", listed.rows().stream().map(r -> r.get(name) + " (" + r.get(type) + ")")
                    .toList());
            if ("subsource".equals(row.get("type"))) {
                throw new RunbookFailure(GuideStep.A2, "SHOW SOURCES lists no subsource " + row.get("name")
                        + " (it lists " + (names.isEmpty() ? "nothing" : names) + "): the publication does not"
                        + " include table " + row.get("name") + ", so FOR ALL TABLES made no subsource of it; add it"
                        + " with ALTER PUBLICATION … ADD TABLE, then ALTER SOURCE … ADD SUBSOURCE");
            }
            throw new RunbookFailure(GuideStep.C2, "SHOW SOURCES lists no " + row.get("type") + " "
                    + row.get("name") + " (it lists " + (names.isEmpty() ? "nothing" : names) + ")");
        }
    }
}
