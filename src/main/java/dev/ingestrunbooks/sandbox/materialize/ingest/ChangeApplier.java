package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.Lsn;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Begin;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Commit;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Delete;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Insert;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.OldKind;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.OldTuple;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Relation;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Truncate;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.TupleData;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.PgOutputMessage.Update;
import dev.ingestrunbooks.sandbox.materialize.ingest.pgoutput.TupleValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies decoded pgoutput messages to the backing database, one upstream transaction per backing transaction:
 * changes are written as they arrive (autocommit off) and at Commit the progress row is set to the commit's end
 * LSN and everything commits together. A transaction whose commit LSN lies before the committed LSN was applied
 * already (a restart) and is skipped; a table's changes committed before its snapshot LSN are in its snapshot and
 * are skipped. TRUNCATE and incompatible Relation messages put the table in its definite error (spec §4.3), after
 * which its changes are ignored.
 *
 * <p>Not thread-safe: used by the streaming thread only. Errors (SQL or protocol) roll back the open transaction
 * and propagate; the caller restarts streaming from {@link #committed()}.
 */
final class ChangeApplier {

    private final Connection backing;
    private final ProgressStore progress;
    private final Map<Integer, IngestTable> tables;
    private final StatisticsCounters stats;
    private Lsn committed;
    private Begin begin;
    private boolean skip;
    private long staged;

    ChangeApplier(Connection backing, ProgressStore progress, Map<Integer, IngestTable> tablesByOid,
            StatisticsCounters stats, Lsn committed) throws SQLException {
        this.backing = backing;
        this.progress = progress;
        this.tables = tablesByOid;
        this.stats = stats;
        this.committed = committed;
        backing.setAutoCommit(false);
        tablesByOid.values().forEach(t -> t.writer.reset());
    }

    Lsn committed() {
        return committed;
    }

    /** Applies one message; returns the commit end LSN when it committed a transaction. */
    Optional<Lsn> apply(PgOutputMessage message) throws SQLException {
        try {
            return dispatch(message);
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
            change(i.relationId(), table -> table.writer.insert(backing, text(table.pick(i.newTuple().values()))), 1);
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
            backing.rollback();
            return Optional.empty();
        }
        progress.saveCommitted(backing, c.endLsn());
        backing.commit();
        committed = c.endLsn();
        stats.committed(c.endLsn(), staged);
        return Optional.of(c.endLsn());
    }

    private void onRelation(Relation relation) throws SQLException {
        IngestTable table = tables.get(relation.relationId());
        if (table != null && !table.failed()) {
            Optional<String> problem = table.onRelation(relation);
            if (problem.isPresent()) {
                fail(table, SourceStatus.ceased(problem.get()));
            }
        }
    }

    private void failIfOurs(int oid, String message) throws SQLException {
        IngestTable table = tables.get(oid);
        if (table != null && !table.failed() && !skip && !beforeSnapshot(table)) {
            fail(table, SourceStatus.stalled(message));
        }
    }

    private void fail(IngestTable table, SourceStatus status) throws SQLException {
        if (!skip) {
            progress.saveError(backing, table.mapping.target(), status.error().orElseThrow());
        }
        table.fail(status);
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
        if (skip || table == null || table.failed() || beforeSnapshot(table)) {
            return;
        }
        change.apply(table);
        staged += updates;
        stats.staged.addAndGet(updates);
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
        table.writer.update(backing, old, row);
    }

    private void delete(IngestTable table, Delete d) throws SQLException {
        List<String> old = oldRow(table, Optional.of(d.oldTuple()));
        if (old != null) {
            table.writer.delete(backing, old);
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
        if (tuple.values().stream().anyMatch(v -> v instanceof TupleValue.UnchangedToast)) {
            fail(table, SourceStatus.stalled("TOASTed value missing from old row." + hint));
            return null;
        }
        return text(table.pick(tuple.values()));
    }

    private static List<String> text(List<TupleValue> values) {
        List<String> row = new ArrayList<>(values.size());
        values.forEach(v -> row.add(v.asText()));
        return row;
    }

    private void rollbackQuietly() {
        begin = null;
        try {
            backing.rollback();
        } catch (SQLException ignored) {
            // the connection is replaced on restart anyway
        }
    }
}
