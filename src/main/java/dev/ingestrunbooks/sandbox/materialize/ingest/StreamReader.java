package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.postgres.pgoutput.Lsn;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputDecoder;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Reads and decodes a replication stream on its own thread, ahead of the apply, into a bounded queue of
 * {@link #CAPACITY} messages: the upstream keeps decoding WAL and sending while the backing database writes, instead
 * of waiting for the apply to read again. The reader owns the stream's connection (pgJDBC's stream is not
 * thread-safe); the apply only sets the acknowledged position ({@link #acknowledge}), which the reader sends.
 *
 * <p>A read or decode error ends the reader; {@link #next} returns the messages queued before it and then throws it.
 * After {@link #stop()} the caller may use the stream again (e.g. for a last acknowledgement and close).
 */
final class StreamReader {

    static final int CAPACITY = 10_000;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final PGReplicationStream stream;
    private final StatisticsCounters stats;
    private final BlockingQueue<PgOutputMessage> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile Exception failure;
    private volatile boolean stopped;
    private volatile boolean statusDue;

    StreamReader(PGReplicationStream stream, StatisticsCounters stats, String name) {
        this.stream = stream;
        this.stats = stats;
        this.thread = new Thread(this::run, "mz-read-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next message, waiting up to {@code timeoutMillis} (0: not at all); null when there is none yet. */
    PgOutputMessage next(long timeoutMillis) throws SQLException {
        PgOutputMessage message;
        try {
            message = timeoutMillis == 0 ? queue.poll() : queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Exception failed = failure;
        if (message == null && failed != null) {
            if (failed instanceof SQLException sql) {
                throw sql;
            }
            throw (RuntimeException) failed;
        }
        return message;
    }

    /**
     * Reports {@code lsn} upstream as applied and flushed: the stream's positions are set at once (pgJDBC keeps them
     * in volatile fields and sends them with every periodic status update), and the reader sends a status update
     * right away at its next turn.
     */
    void acknowledge(Lsn lsn) {
        if (lsn.isValid()) {
            LogSequenceNumber position = LogSequenceNumber.valueOf(lsn.value());
            stream.setAppliedLSN(position);
            stream.setFlushedLSN(position);
            statusDue = true;
        }
    }

    /** Ends the reader thread and waits for it; queued messages are dropped. */
    void stop() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stopped) {
                sendAcknowledgement();
                ByteBuffer buffer = stream.readPending();
                if (buffer == null) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                stats.received(buffer.remaining(), Lsn.of(stream.getLastReceiveLSN().asLong()));
                PgOutputMessage message = PgOutputDecoder.decode(buffer);
                while (!stopped && !queue.offer(message, 10, TimeUnit.MILLISECONDS)) {
                    sendAcknowledgement();
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendAcknowledgement() throws SQLException {
        if (statusDue) {
            statusDue = false;
            stream.forceUpdateStatus();
        }
    }
}
