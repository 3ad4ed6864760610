package dev.ingestrunbooks.sandbox.materialize.ingest;

/**
 * How the apply batches upstream transactions into backing transactions. A held-back group of whole upstream
 * transactions commits (with its progress row) once it holds {@code maxChanges} changes or is {@code maxMillis}
 * old, and, with {@code commitWhenIdle}, as soon as the stream has nothing more waiting. Inside a backing
 * transaction, staged changes are written once {@code flushRows} of them are staged, even in the middle of an
 * upstream transaction.
 *
 * <p>The grouping never changes what is applied, only when it becomes visible: the standard grouping is what a
 * source uses; the others exist so that tests and the stress benchmark can force each commit and flush boundary.
 *
 * @param maxChanges changes in a held-back group at which it commits at the next upstream Commit (0: every one)
 * @param maxMillis age of a held-back group at which it commits
 * @param commitWhenIdle commit a held-back group as soon as no more data is waiting (else only by size or age)
 * @param flushRows staged changes (all tables) at which they are written inside the open backing transaction
 */
public record ApplyGrouping(long maxChanges, long maxMillis, boolean commitWhenIdle, int flushRows) {

    /** Staged changes at which the standard grouping writes them before the Commit. */
    public static final int FLUSH_ROWS = 5_000;

    public ApplyGrouping {
        if (maxChanges < 0 || maxMillis < 0 || flushRows < 1) {
            throw new IllegalArgumentException("invalid apply grouping " + maxChanges + "/" + maxMillis + "/"
                    + flushRows);
        }
    }

    /** What a source uses: groups of up to 20,000 changes or 200 ms while a backlog waits; idle commits at once. */
    public static ApplyGrouping standard() {
        return new ApplyGrouping(20_000, 200, true, FLUSH_ROWS);
    }

    /** One backing transaction per upstream transaction. */
    public static ApplyGrouping perTransaction() {
        return new ApplyGrouping(0, 0, true, FLUSH_ROWS);
    }

    /**
     * Groups as large as possible: they commit only by age ({@code maxMillis}), never because the stream is idle,
     * and staged changes are written every {@code flushRows} changes.
     */
    public static ApplyGrouping large(long maxMillis, int flushRows) {
        return new ApplyGrouping(Long.MAX_VALUE, maxMillis, false, flushRows);
    }
}
