package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staged, not yet written changes of one subsource as a consolidated multiset difference, the way Materialize
 * itself represents updates: each change adds {@code +1} (insert) or {@code -1} (delete) to its full row image
 * (values in text form), an update being a delete of the old row plus an insert of the new one. Rows whose
 * differences cancel out (insert then delete of one row, or an update chain {@code a→b→c}, which leaves
 * {@code -a, +c}) disappear.
 *
 * <p>Why this is exact under REPLICA IDENTITY FULL: rows with equal values are indistinguishable, so a table is a
 * multiset of rows and any sequence of changes is equivalent to its summed difference. Every prefix of an upstream
 * transaction's changes leaves a valid multiset upstream, so the difference of any prefix can be written on its
 * own: removals first ({@code -n} needs {@code n} existing copies), then additions. Order within a delta carries no
 * meaning.
 *
 * <p>Limits: rows are identified by their upstream text; two texts that the backing considers the same value
 * (e.g. {@code 1.0} and {@code 1.00} in an unconstrained {@code numeric}) are different rows here, as they are
 * upstream. Not thread-safe.
 */
final class RowDelta {

    private final Map<List<String>, Integer> diffs = new LinkedHashMap<>();

    void insert(List<String> row) {
        add(row, 1);
    }

    void delete(List<String> row) {
        add(row, -1);
    }

    private void add(List<String> row, int diff) {
        diffs.merge(row, diff, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** Distinct rows with a non-zero difference. */
    int size() {
        return diffs.size();
    }

    boolean isEmpty() {
        return diffs.isEmpty();
    }

    /** Rows to add, each repeated as often as copies must be added. */
    List<List<String>> additions() {
        List<List<String>> rows = new ArrayList<>();
        diffs.forEach((row, diff) -> {
            if (diff > 0) {
                rows.addAll(Collections.nCopies(diff, row));
            }
        });
        return rows;
    }

    /** Rows to remove with their number of copies, for statements that take a count. */
    Map<List<String>, Integer> removalCounts() {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        diffs.forEach((row, diff) -> {
            if (diff < 0) {
                counts.put(row, -diff);
            }
        });
        return counts;
    }

    void clear() {
        diffs.clear();
    }
}
