package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.replication.ReplicationSlotInfo;
import org.postgresql.replication.fluent.logical.ChainedLogicalCreateSlotBuilder;

/**
 * Takes a consistent snapshot of upstream tables: creates a logical slot with an exported snapshot on a replication
 * connection, imports that snapshot into a normal REPEATABLE READ transaction (before the replication connection
 * runs anything else: the next command would end the export, docs/postgres.md §2), and streams each table with a
 * binary {@code COPY … TO STDOUT} straight into {@code COPY … FROM STDIN} on the backing connection. The slot's
 * consistent point is the LSN the snapshot corresponds to: decoding from it yields exactly the later transactions.
 *
 * <p>Binary COPY is safe because every column leaves the upstream cast to its backing column's type, and the types
 * Materialize ingests are PostgreSQL's built-in ones, whose binary forms are the same in the majors the sandbox runs.
 *
 * <p>Deviation from Materialize (docs/materialize.md §4.4): the main slot exports the snapshot itself instead of a
 * second, temporary {@code mzsnapshot_…} slot; a temporary slot is used only for tables added later.
 */
final class SnapshotTaker {

    /** What the backing side does inside the snapshot, while the exported snapshot is alive. */
    @FunctionalInterface
    interface Loader {
        void load(Connection upstreamInSnapshot, Lsn consistentPoint) throws SQLException;
    }

    private SnapshotTaker() {
    }

    /** Creates {@code slot} (temporary: dropped when the connection ends) and runs {@code loader} in its snapshot. */
    static Lsn withSnapshot(UpstreamEndpoint endpoint, String slot, boolean temporary, Loader loader)
            throws SQLException {
        try (Connection replication = endpoint.connectReplication()) {
            ChainedLogicalCreateSlotBuilder builder = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical().withSlotName(slot).withOutputPlugin("pgoutput");
            ReplicationSlotInfo info = (temporary ? builder.withTemporaryOption() : builder).make();
            Lsn point = Lsn.of(info.getConsistentPoint().asLong());
            try (Connection upstream = endpoint.connect()) {
                upstream.setAutoCommit(false);
                upstream.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                Sql.execute(upstream, "SET TRANSACTION SNAPSHOT " + Sql.literal(info.getSnapshotName()));
                loader.load(upstream, point);
                upstream.commit();
            }
            return point;
        }
    }

    /**
     * Copies the ingested columns of each table into its backing table in PostgreSQL's binary COPY format, each column
     * cast to its backing type on the way out (see {@link RowWriter#castColumnList()}), then builds the table's
     * matching index over the loaded rows; returns the number of rows.
     */
    static long copy(Connection upstream, Connection backing, List<IngestTable> tables) throws SQLException {
        CopyManager copyOut = upstream.unwrap(PGConnection.class).getCopyAPI();
        long rows = 0;
        for (IngestTable table : tables) {
            try (PGCopyOutputStream into = new PGCopyOutputStream(backing.unwrap(PGConnection.class),
                    "COPY " + table.mapping.quotedTarget() + " (" + table.writer.columnList() + ") FROM STDIN"
                            + " (FORMAT binary)")) {
                rows += copyOut.copyOut("COPY (SELECT " + table.writer.castColumnList() + " FROM "
                        + table.upstream.quotedName() + ") TO STDOUT (FORMAT binary)", into);
            } catch (java.io.IOException e) {
                // pgJDBC wraps the backing's own error (e.g. a value its index refuses) in an IOException on close
                if (e.getCause() instanceof SQLException backingError) {
                    throw backingError;
                }
                throw new SQLException("failed to parse COPY protocol: " + e.getMessage(), e);
            }
            table.writer.createIndex(backing);
        }
        return rows;
    }
}
