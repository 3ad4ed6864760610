package dev.ingestrunbooks.drivers;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the results of the guide's C3 queries (the status query over {@code mz_internal.mz_source_statuses}, the
 * statistics query over {@code mz_source_statistics}) the way the guide tells the reader to: every object
 * {@code running}, the snapshot committed, and a stalled object's error mapped to the step that fixes it. Pure
 * functions over {@link ResultTable}s, shared by the provision runbooks (which wait on them) and by tests.
 */
public final class SourceStatuses {

    /** Statuses in which Materialize reports an error the guide explains. */
    static final List<String> STALLED = List.of("stalled", "failed", "ceased");

    private SourceStatuses() {
    }

    /** Whether the status query returned rows and every one is in {@code status}. */
    public static boolean allIn(ResultTable statuses, String status) {
        return !statuses.isEmpty() && statuses.column("status").stream().allMatch(status::equals);
    }

    /** The first stalled object whose error a guide step explains, as a failure naming that step. */
    public static Optional<RunbookFailure> stalled(ResultTable statuses) {
        if (!statuses.columns().contains("error")) {
            return Optional.empty();
        }
        int name = statuses.columns().indexOf("name");
        int status = statuses.columns().indexOf("status");
        int error = statuses.columns().indexOf("error");
        return statuses.rows().stream().filter(r -> STALLED.contains(r.get(status)) && r.get(error) != null)
                .map(r -> MaterializeDiagnosis.diagnoseStatus("source " + (name < 0 ? "?" : r.get(name)) + " is "
                        + r.get(status) + " and", r.get(error)))
                .flatMap(Optional::stream).findFirst();
    }

    /** The status query returned nothing: the source it names was never created. */
    public static RunbookFailure noSource() {
        return new RunbookFailure(GuideStep.C2, "the guide's status query returns no rows: the source it names does"
                + " not exist");
    }

    /** The status query still shows other statuses after {@code waited}. */
    public static RunbookFailure notYet(ResultTable last, String status, Duration waited) {
        return new RunbookFailure(GuideStep.C3, "after " + waited.toSeconds() + " s the status query still shows "
                + describe(last) + " instead of " + status + " everywhere; the guide says: contact support if a"
                + " source stays 'starting', read 'error' if it is 'stalled'");
    }

    /** {@code [mz_source=running, orders=stalled]}. */
    public static String describe(ResultTable statuses) {
        int name = statuses.columns().indexOf("name");
        int status = statuses.columns().indexOf("status");
        return statuses.rows().stream().map(r -> (name < 0 ? "?" : r.get(name)) + "=" + r.get(status)).toList()
                .toString();
    }

    /** Whether the statistics query returned rows and every {@code snapshot_committed} is true. */
    public static boolean snapshotCommitted(ResultTable statistics) {
        return !statistics.isEmpty() && statistics.column("snapshot_committed").stream()
                .allMatch(v -> "t".equals(v) || "true".equals(v));
    }

    /** The snapshot is still not committed after {@code waited}. */
    public static RunbookFailure snapshotNotCommitted(ResultTable last, Duration waited) {
        return new RunbookFailure(GuideStep.C3, "after " + waited.toSeconds() + " s the statistics query shows"
                + " snapshot_committed " + (last == null ? "nothing" : last.rows()) + "; wait for the snapshot"
                + " before step D");
    }
}
