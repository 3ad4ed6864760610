package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that streams pgoutput (proto_version 1) from the source's slot, starting at the committed
 * LSN, and hands each message to a {@link ChangeApplier}. While more data is waiting (a backlog) the applier may
 * group several upstream transactions into one backing transaction ({@link ApplyGrouping}); with the standard
 * grouping the group commits as soon as the stream has nothing more to read, so a quiet stream's lag is not
 * affected. After each backing commit it
 * acknowledges the last end LSN upstream (applied and flushed; only forward, never 0/0). On any error it reports
 * the source as {@code stalled} with Materialize's {@code postgres: …} text, closes both connections and retries
 * from the committed LSN after {@link #RETRY_DELAY_MS}, as Materialize restarts its dataflow. The committed LSN it
 * resumes from is the backing's progress row, which commits with the data ({@link #resumeFromBacking}).
 *
 * <p>Reading and decoding run ahead on a {@link StreamReader} thread, so that the upstream keeps sending while the
 * backing database writes. Limits: the reader polls {@code readPending()} every millisecond instead of blocking
 * reads, so that {@link #stop()} is prompt.
 */
final class ReplicationStreamer {

    static final long RETRY_DELAY_MS = 1000;
    private static final long IDLE_WAIT_MS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationStreamer.class);

    private final String name;
    private final UpstreamEndpoint endpoint;
    private final String slot;
    private final String publication;
    private final BackingDatabase backing;
    private final ProgressStore progress;
    private final Map<Integer, IngestTable> tables;
    private final StatisticsCounters stats;
    private final Consumer<SourceStatus> status;
    private final ApplyGrouping grouping;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile Lsn committed;
    private volatile boolean stalled;

    ReplicationStreamer(String name, UpstreamEndpoint endpoint, String slot, String publication,
            BackingDatabase backing, ProgressStore progress, Map<Integer, IngestTable> tables,
            StatisticsCounters stats, Consumer<SourceStatus> status, Lsn committed, ApplyGrouping grouping) {
        this.name = name;
        this.endpoint = endpoint;
        this.slot = slot;
        this.publication = publication;
        this.backing = backing;
        this.progress = progress;
        this.tables = tables;
        this.stats = stats;
        this.status = status;
        this.committed = committed;
        this.grouping = grouping;
        this.thread = new Thread(this::run, "mz-ingest-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops streaming, waits for the thread to end (both connections closed) and returns the committed LSN. */
    Lsn stop() {
        stopSignal.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("streaming thread of {} did not stop in time", name);
        }
        return committed;
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0;
    }

    private void run() {
        while (!stopping()) {
            try {
                stream();
            } catch (SQLException | RuntimeException e) {
                if (stopping()) {
                    break;
                }
                String message = message(e);
                LOG.warn("source {} stalled: {}", name, message);
                stalled = true;
                status.accept(SourceStatus.stalled(e));
                try {
                    stopSignal.await(RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void stream() throws SQLException {
        try (Connection backingConnection = backing.open(); Connection replication = endpoint.connectReplication()) {
            resumeFromBacking(backingConnection);
            try (ChangeApplier applier = new ChangeApplier(backingConnection, progress, tables, stats, committed,
                    grouping)) {
                streamInto(replication, applier);
            }
        }
    }

    private void streamInto(Connection replication, ChangeApplier applier) throws SQLException {
        PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                .replicationStream().logical().withSlotName(slot)
                .withStartPosition(LogSequenceNumber.valueOf(committed.value()))
                .withSlotOption("proto_version", "1").withSlotOption("publication_names", publication)
                .withStatusInterval(1, TimeUnit.SECONDS)
                // confirm only what is applied: pgJDBC's automatic flush would report the server's position on a
                // keepalive, even one sent in the middle of decoding a large transaction not yet received
                .withAutomaticFlush(false).start();
        acknowledge(stream, committed);
        if (!stalled) {
            status.accept(SourceStatus.RUNNING);
        }
        StreamReader reader = new StreamReader(stream, stats, name);
        try {
            applyFrom(reader, applier);
        } finally {
            reader.stop();
        }
        Optional<Lsn> last = applier.commitPending();
        if (last.isPresent()) {
            committed = last.get();
            acknowledge(stream, committed);
        }
        stream.close();
    }

    /**
     * Takes the committed LSN from the backing database's progress row, which commits in the same transaction as the
     * data. A COMMIT whose connection dies before its answer arrives (the backend terminated, the network gone) may
     * still have committed; this thread then saw only an error and still holds the LSN before it. Resuming from that
     * would apply the group a second time: its deletes and updates no longer find their rows ({@code cannot apply
     * changes … rows to update or delete were not found}) and its inserts would be doubled.
     */
    private void resumeFromBacking(Connection backingConnection) throws SQLException {
        Optional<Lsn> durable = progress.load(backingConnection).map(ProgressStore.SourceRow::committed);
        if (durable.isPresent() && durable.get().compareTo(committed) > 0) {
            if (committed.isValid()) {
                LOG.info("source {} resumes at {}, committed by a transaction whose outcome was not reported", name,
                        durable.get());
            }
            committed = durable.get();
            stats.committed(committed, 0);
        }
    }

    private void applyFrom(StreamReader reader, ChangeApplier applier) throws SQLException {
        while (!stopping()) {
            PgOutputMessage message = reader.next(0);
            Optional<Lsn> done = Optional.empty();
            if (message == null) {
                // nothing more waiting: commit a held-back group now (if the grouping says so), else wait a little
                done = applier.commitIdle();
                if (done.isEmpty()) {
                    message = reader.next(IDLE_WAIT_MS);
                }
            }
            if (message != null) {
                done = applier.apply(message);
            }
            if (done.isPresent()) {
                committed = done.get();
                reader.acknowledge(committed);
                if (stalled) {
                    stalled = false;
                    status.accept(SourceStatus.RUNNING);
                }
            }
        }
    }

    private static void acknowledge(PGReplicationStream stream, Lsn lsn) throws SQLException {
        if (lsn.isValid()) {
            LogSequenceNumber position = LogSequenceNumber.valueOf(lsn.value());
            stream.setAppliedLSN(position);
            stream.setFlushedLSN(position);
            stream.forceUpdateStatus();
        }
    }

    /** PostgreSQL's message text (e.g. {@code publication "p" does not exist}), else the exception's. */
    static String message(Exception e) {
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            return pe.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }
}
