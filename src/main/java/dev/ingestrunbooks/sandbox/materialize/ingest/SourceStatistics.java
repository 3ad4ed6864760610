package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;

/**
 * A snapshot of {@code mz_internal.mz_source_statistics} for one source: whether the initial snapshot is
 * committed, replication messages and bytes received, updates staged (decoded, not yet committed) and committed
 * (an insert or delete is one update, an update two: a retraction and an insertion), and the upstream offsets
 * known (last LSN seen) and committed (last commit end LSN applied and acknowledged).
 */
public record SourceStatistics(boolean snapshotCommitted, long snapshotRecords, long messagesReceived,
        long bytesReceived, long updatesStaged, long updatesCommitted, Lsn offsetKnown, Lsn offsetCommitted) {
}
