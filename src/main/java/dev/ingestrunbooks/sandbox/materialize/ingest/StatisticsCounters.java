package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.util.concurrent.atomic.AtomicLong;

/** The live, thread-safe counters behind {@link SourceStatistics} (the offsets only move forward). */
final class StatisticsCounters {

    final AtomicLong snapshotRecords = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong staged = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    private volatile boolean snapshotCommitted;
    private volatile Lsn known = Lsn.INVALID;
    private volatile Lsn committedLsn = Lsn.INVALID;

    void snapshotCommitted(long records) {
        snapshotRecords.addAndGet(records);
        snapshotCommitted = true;
    }

    synchronized void received(int size, Lsn lsn) {
        messages.incrementAndGet();
        bytes.addAndGet(size);
        if (lsn.isValid()) {
            known = known.max(lsn);
        }
    }

    synchronized void committed(Lsn lsn, long updates) {
        committed.addAndGet(updates);
        committedLsn = committedLsn.max(lsn);
        known = known.max(lsn);
    }

    synchronized void resumedAt(Lsn lsn) {
        snapshotCommitted = true;
        committedLsn = committedLsn.max(lsn);
        known = known.max(lsn);
    }

    SourceStatistics snapshot() {
        return new SourceStatistics(snapshotCommitted, snapshotRecords.get(), messages.get(), bytes.get(),
                staged.get(), committed.get(), known, committedLsn);
    }
}
