package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Begin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Commit;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Delete;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Insert;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldKind;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldTuple;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Relation;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Truncate;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.TupleData;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Update;
import dev.ingestrunbooks.postgres.pgoutput.TupleValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Applies decoded pgoutput messages to the backing database. Changes are not written one by one: they are staged
 * per table as a consolidated {@link RowDelta} and written set-based ({@link RowWriter#prepare}, at most five
 * statements per table) right before the backing transaction commits, or earlier, inside it, once
 * {@link ApplyGrouping#flushRows()} changes are staged (a large transaction). At commit the progress row is set to
 * the end LSN of the last upstream transaction applied and everything commits together, so each upstream
 * transaction is atomic and its progress commits with it.
 *
 * <p>Grouping ({@link ApplyGrouping}): a Commit may be held back so that several small upstream transactions share
 * one backing transaction (whole transactions only; the progress row then says the last one's end LSN). The caller
 * offers to commit a held-back group with {@link #commitIdle()} when no more data is waiting, and commits it for
 * good with {@link #commitPending()} before it stops; the group also commits by itself once it holds
 * {@link ApplyGrouping#maxChanges()} changes or is {@link ApplyGrouping#maxMillis()} old. {@link #committed()} only
 * moves on a real backing commit.
 *
 * <p>A transaction whose commit LSN lies before the committed LSN was applied already (a restart) and is skipped;
 * a table's changes committed before its snapshot LSN are in its snapshot and are skipped. TRUNCATE and
 * incompatible Relation messages put the table in its definite error (Materialize's wording), after which its
 * changes are ignored; what was staged for it before is written first. The table shows the error only once the
 * backing transaction that stores it has committed: if that commit fails, the restart meets the message again.
 *
 * <p>Pipelined: the statements of a write ({@link RowWriter#prepare}: pairing rows, building the array literals) are
 * made on the caller's thread, and run on the applier's own writer thread, so that the backing server executes one
 * write while the next is decoded and prepared. At most one write is outstanding, and it is awaited before the next
 * write, the progress row, an error row, the COMMIT and a rollback: the connection is never used by two threads at
 * once, and statements run in the order they were prepared. A write that fails is reported by the next wait.
 *
 * <p>Not thread-safe: used by the streaming thread only. Errors (SQL or protocol) roll back the open backing
 * transaction (a held-back group included) and propagate; the caller restarts streaming from {@link #committed()},
 * with a new applier. {@link #close()} waits for an outstanding write and stops the writer thread.
 */
final class ChangeApplier implements AutoCloseable {

    private final Connection backing;
    private final ProgressStore progress;
    private final Map<Integer, IngestTable> tables;
    private final StatisticsCounters stats;
    private final ApplyGrouping grouping;
    private final Map<IngestTable, RowDelta> deltas = new LinkedHashMap<>();
    /** Tables put in their definite error in the open backing transaction: marked on the table once it commits. */
    private final Map<IngestTable, SourceStatus> failing = new LinkedHashMap<>();
    private Lsn committed;
    private Begin begin;
    private boolean skip;
    private long staged;
    private int stagedRows;
    /** The end LSN of the last upstream transaction applied but not yet committed, else null. */
    private Lsn pending;
    private long pendingChanges;
    private long pendingSince;
    private final ExecutorService writer;
    /** The write running on the writer thread, else null. */
    private Future<?> outstanding;

    /** Commits each upstream transaction at its Commit. */
    ChangeApplier(Connection backing, ProgressStore progress, Map<Integer, IngestTable> tablesByOid,
            StatisticsCounters stats, Lsn committed) throws SQLException {
        this(backing, progress, tablesByOid, stats, committed, ApplyGrouping.perTransaction());
    }

    ChangeApplier(Connection backing, ProgressStore progress, Map<Integer, IngestTable> tablesByOid,
            StatisticsCounters stats, Lsn committed, ApplyGrouping grouping) throws SQLException {
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, Thread.currentThread().getName() + "-write");
            t.setDaemon(true);
            return t;
        });
        this.backing = backing;
        this.grouping = grouping;
        this.progress = progress;
        this.tables = tablesByOid;
        this.stats = stats;
        this.committed = committed;
        backing.setAutoCommit(false);
        // RowWriter's statements take whole arrays of rows as parameters: a custom plan per execution costs the
        // backing 10-20 ms of planning for a 5,000-row write, the generic plan (an index probe per row) costs nothing.
        // Each probe looks for one row by equality and stops at the first full match: a plain index scan, never a
        // bitmap scan, which the planner picks on a freshly loaded table without statistics (probes took twice as long)
        Sql.execute(backing, "SET plan_cache_mode = force_generic_plan");
        Sql.execute(backing, "SET enable_bitmapscan = off");
        tablesByOid.values().forEach(t -> t.writer.reset());
    }

    Lsn committed() {
        return committed;
    }

    /** Applies one message; returns the commit end LSN when it committed a backing transaction. */
    Optional<Lsn> apply(PgOutputMessage message) throws SQLException {
        try {
            return dispatch(message);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * The stream has nothing more waiting: commits a held-back group if the grouping commits when idle or the group
     * is old enough; returns its last end LSN then.
     */
    Optional<Lsn> commitIdle() throws SQLException {
        return grouping.commitWhenIdle() || pending != null && groupIsOld() ? commitPending() : Optional.empty();
    }

    private boolean groupIsOld() {
        return System.nanoTime() - pendingSince >= grouping.maxMillis() * 1_000_000;
    }

    /** Commits a held-back group of upstream transactions, if any; returns its last end LSN then. */
    Optional<Lsn> commitPending() throws SQLException {
        if (pending == null || begin != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(commitGroup());
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private Optional<Lsn> dispatch(PgOutputMessage message) throws SQLException {
        if (message instanceof Begin b) {
            if (begin != null) {
                throw new IllegalStateException("BEGIN within existing BEGIN stream");
            }
            begin = b;
            skip = b.finalLsn().compareTo(committed) < 0;
            staged = 0;
            return Optional.empty();
        }
        if (message instanceof Commit c) {
            return commit(c);
        }
        if (message instanceof Relation r) {
            onRelation(r);
        } else if (message instanceof Truncate t) {
            for (int oid : t.relationIds()) {
                failIfOurs(oid, "table was truncated");
            }
        } else if (message instanceof Insert i) {
            change(i.relationId(), table -> delta(table).insert(text(table.pick(i.newTuple().values()))), 1);
        } else if (message instanceof Update u) {
            change(u.relationId(), table -> update(table, u), 2);
        } else if (message instanceof Delete d) {
            change(d.relationId(), table -> delete(table, d), 1);
        }
        return Optional.empty();
    }

    private Optional<Lsn> commit(Commit c) throws SQLException {
        if (begin == null) {
            throw new IllegalStateException("received replication event outside of transaction");
        }
        if (!c.commitLsn().equals(begin.finalLsn())) {
            throw new IllegalStateException("lsn mismatch between BEGIN and COMMIT");
        }
        begin = null;
        if (skip) {
            return Optional.empty(); // nothing was written for it
        }
        if (pending == null) {
            pendingSince = System.nanoTime();
        }
        pending = c.endLsn();
        pendingChanges += staged;
        boolean full = pendingChanges >= grouping.maxChanges() || groupIsOld();
        return full ? Optional.of(commitGroup()) : Optional.empty();
    }

    private Lsn commitGroup() throws SQLException {
        Lsn end = pending;
        writeStaged();
        awaitWrite();
        progress.saveCommitted(backing, end);
        backing.commit();
        failing.forEach(IngestTable::fail);
        failing.clear();
        committed = end;
        stats.committed(end, pendingChanges);
        pending = null;
        pendingChanges = 0;
        return end;
    }

    /** Prepares the staged changes of every table and hands them to the writer thread (after the last write). */
    private void writeStaged() throws SQLException {
        List<RowWriter.Write> writes = new ArrayList<>();
        for (Map.Entry<IngestTable, RowDelta> entry : deltas.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                writes.addAll(entry.getKey().writer.prepare(entry.getValue()));
            }
        }
        stagedRows = 0;
        if (writes.isEmpty()) {
            return;
        }
        awaitWrite();
        outstanding = writer.submit(() -> {
            for (RowWriter.Write write : writes) {
                write.execute(backing);
            }
            return null;
        });
    }

    /** Waits for the outstanding write, if any; its failure is thrown here. */
    private void awaitWrite() throws SQLException {
        Future<?> write = outstanding;
        if (write == null) {
            return;
        }
        outstanding = null;
        try {
            write.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write.cancel(true);
            throw new IllegalStateException("interrupted while a write to the backing database was running", e);
        }
    }

    private void onRelation(Relation relation) throws SQLException {
        IngestTable table = tables.get(relation.relationId());
        if (table != null && !failed(table)) {
            Optional<String> problem = table.onRelation(relation);
            if (problem.isPresent()) {
                fail(table, SourceStatus.ceased(problem.get()));
            }
        }
    }

    private void failIfOurs(int oid, String message) throws SQLException {
        IngestTable table = tables.get(oid);
        if (table != null && !failed(table) && !skip && !beforeSnapshot(table)) {
            fail(table, SourceStatus.stalled(message));
        }
    }

    private void fail(IngestTable table, SourceStatus status) throws SQLException {
        writeStaged();
        awaitWrite();
        if (skip) {
            table.fail(status); // applied and committed before (a replay): its error row is there already
        } else {
            progress.saveError(backing, table.mapping.target(), status);
            failing.put(table, status);
        }
    }

    private boolean failed(IngestTable table) {
        return table.failed() || failing.containsKey(table);
    }

    @FunctionalInterface
    private interface TableChange {
        void apply(IngestTable table) throws SQLException;
    }

    private void change(int oid, TableChange change, int updates) throws SQLException {
        if (begin == null) {
            throw new IllegalStateException("received replication event outside of transaction");
        }
        IngestTable table = tables.get(oid);
        if (skip || table == null || failed(table) || beforeSnapshot(table)) {
            return;
        }
        change.apply(table);
        staged += updates;
        stats.staged.addAndGet(updates);
        if (++stagedRows >= grouping.flushRows()) {
            writeStaged();
        }
    }

    private RowDelta delta(IngestTable table) {
        return deltas.computeIfAbsent(table, t -> new RowDelta());
    }

    private boolean beforeSnapshot(IngestTable table) {
        return begin != null && begin.finalLsn().compareTo(table.snapshotLsn) < 0;
    }

    private void update(IngestTable table, Update u) throws SQLException {
        List<String> old = oldRow(table, u.oldTuple());
        if (old == null) {
            return;
        }
        List<TupleValue> newValues = table.pick(u.newTuple().values());
        List<String> row = new ArrayList<>(newValues.size());
        for (int i = 0; i < newValues.size(); i++) {
            row.add(newValues.get(i) instanceof TupleValue.UnchangedToast ? old.get(i) : newValues.get(i).asText());
        }
        RowDelta delta = delta(table);
        delta.delete(old);
        delta.insert(row);
    }

    private void delete(IngestTable table, Delete d) throws SQLException {
        List<String> old = oldRow(table, Optional.of(d.oldTuple()));
        if (old != null) {
            delta(table).delete(old);
        }
    }

    /** The full old row, or null after failing the table when REPLICA IDENTITY is no longer FULL. */
    private List<String> oldRow(IngestTable table, Optional<OldTuple> old) throws SQLException {
        String hint = " Did you forget to set REPLICA IDENTITY to FULL for your table?";
        if (old.isEmpty() || old.get().kind() != OldKind.OLD_ROW) {
            fail(table, SourceStatus.stalled("old row missing from replication stream." + hint));
            return null;
        }
        TupleData tuple = old.get().tuple();
        for (TupleValue value : tuple.values()) {
            if (value instanceof TupleValue.UnchangedToast) {
                fail(table, SourceStatus.stalled("TOASTed value missing from old row." + hint));
                return null;
            }
        }
        return text(table.pick(tuple.values()));
    }

    private static List<String> text(List<TupleValue> values) {
        List<String> row = new ArrayList<>(values.size());
        values.forEach(v -> row.add(v.asText()));
        return row;
    }

    private void rollbackQuietly() {
        try {
            awaitWrite();
        } catch (SQLException | RuntimeException ignored) {
            // the first failure is the one reported; this one is rolled back with it
        }
        begin = null;
        pending = null;
        pendingChanges = 0;
        stagedRows = 0;
        deltas.values().forEach(RowDelta::clear);
        failing.clear();
        try {
            backing.rollback();
        } catch (SQLException ignored) {
            // the connection is replaced on restart anyway
        }
    }

    /** Waits for an outstanding write (its outcome is rolled back or committed by the caller) and stops the thread. */
    @Override
    public void close() {
        try {
            awaitWrite();
        } catch (SQLException | RuntimeException ignored) {
            // the caller is leaving: the open transaction ends with its connection
        }
        writer.shutdownNow();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
