package dev.ingestrunbooks.drivers.replication;

import dev.ingestrunbooks.postgres.Connections;
import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.RunbookFailure;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.evidence.Evidence;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;

import dev.ingestrunbooks.postgres.pgoutput.PgOutputDecoder;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Proves what guide step A2 promises, the way Materialize will use it: as the replication user, open a logical
 * replication connection, create a <em>temporary</em> pgoutput slot on the publication, read each table's snapshot
 * at the slot's consistent point, then receive a change made afterwards.
 *
 * <p>The slot is temporary, so PostgreSQL drops it when the connection closes, even if the run dies: a check never
 * leaves a slot behind to retain WAL. Failures map PostgreSQL's refusals to the guide step that fixes them.
 */
public final class LogicalReplicationCheck implements AutoCloseable {
    private final UpstreamPostgres upstream;
    private final String user;
    private final String password;
    private final String publication;
    private final Connection replication;
    private final ReplicationSlotInfo slot;
    private final Map<Integer, PgOutputMessage.Relation> relations = new HashMap<>();
    private PGReplicationStream stream;

    private LogicalReplicationCheck(UpstreamPostgres upstream, String user, String password, String publication,
                                    Connection replication, ReplicationSlotInfo slot) {
        this.upstream = upstream;
        this.user = user;
        this.password = password;
        this.publication = publication;
        this.replication = replication;
        this.slot = slot;
    }

    /** Connects for replication as {@code user} and creates the temporary slot. */
    public static LogicalReplicationCheck open(UpstreamPostgres upstream, String user, String password, String publication) {
        Connection connection = connectForReplication(upstream, user, password);
        try {
            String slotName = "runbook_check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ReplicationSlotInfo info = connection.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical().withSlotName(slotName).withOutputPlugin("pgoutput")
                    .withTemporaryOption().make();
            Evidence.text("temporary replication slot", "slot " + info.getSlotName() + " at " + info.getConsistentPoint()
                    + " (pgoutput, dropped when the check's connection closes)");
            return new LogicalReplicationCheck(upstream, user, password, publication, connection, info);
        } catch (SQLException e) {
            Connections.closeQuietly(connection);
            if (isReadReplica(upstream, user, password)) {
                throw new RunbookFailure(GuideStep.C2, upstream.endpoint() + " is a read replica (an Aurora reader"
                        + " endpoint), which cannot serve logical replication (" + e.getMessage() + "); connect"
                        + " Materialize to the cluster's writer endpoint", e);
            }
            if ("55000".equals(e.getSQLState()) && e.getMessage().contains("wal_level")) {
                throw new RunbookFailure(GuideStep.A1, "PostgreSQL refused to create a logical replication slot ("
                        + e.getMessage() + "); rds.logical_replication must be 1 and the instance rebooted", e);
            }
            throw new RunbookFailure(GuideStep.A2, "user " + user + " cannot create a logical replication slot: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code table} (schema-qualified or not) as the replication user in the slot's exported snapshot and returns
     * its row count. Must run before {@link #awaitChange}: the snapshot dies once streaming starts.
     */
    public long snapshotRowCount(String table) {
        if (stream != null) {
            throw new IllegalStateException("the exported snapshot is gone once streaming has started");
        }
        try (Connection c = upstream.connect(user, password)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION SNAPSHOT '" + slot.getSnapshotName() + "'");
                String sql = "SELECT count(*) FROM " + table;
                Evidence.sql("snapshot read as " + user, sql);
                var rs = s.executeQuery(sql);
                rs.next();
                long count = rs.getLong(1);
                c.commit();
                return count;
            }
        } catch (SQLException e) {
            throw snapshotFailure(table, e);
        }
    }

    /**
     * Streams from the slot's consistent point until a change to {@code table} arrives, and returns it.
     *
     * @param table   {@code schema.table} or a table in {@code public}
     * @param timeout how long to wait before failing
     */
    public Change awaitChange(String table, Duration timeout) {
        String wanted = table.contains(".") ? table.toLowerCase(Locale.ROOT) : "public." + table.toLowerCase(Locale.ROOT);
        try {
            startStream();
            return Awaitility.await("a change to " + wanted + " on the replication stream")
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> nextChangeTo(wanted), Optional::isPresent).orElseThrow();
        } catch (SQLException e) {
            throw streamFailure(e);
        } catch (UncheckedSqlException e) {
            throw streamFailure(e.getCause());
        } catch (ConditionTimeoutException e) {
            throw new RunbookFailure(GuideStep.A2, "no change to " + wanted + " arrived on publication " + publication
                    + " within " + timeout.toSeconds() + " s; is the table in the publication?");
        }
    }

    /**
     * A change that arrived on the stream: {@code I}, {@code U}, {@code D} or {@code T}, its table, and whether the full
     * old row came along (what REPLICA IDENTITY FULL sends with an update or delete).
     */
    public record Change(char kind, String table, boolean fullOldRow) {
    }

    /** Drains pending messages until one is a change to {@code wanted}; empty when nothing more is pending. */
    private Optional<Change> nextChangeTo(String wanted) {
        try {
            for (ByteBuffer raw = stream.readPending(); raw != null; raw = stream.readPending()) {
                PgOutputMessage message = PgOutputDecoder.decode(raw);
                acknowledge();
                if (message instanceof PgOutputMessage.Relation r) {
                    relations.put(r.relationId(), r);
                    continue;
                }
                Optional<Change> change = change(message).filter(c -> c.table().equals(wanted));
                if (change.isPresent()) {
                    Evidence.text("change received", change.get().toString());
                    return change;
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** The change a message carries, for a table whose Relation message came first. */
    private Optional<Change> change(PgOutputMessage message) {
        int oid;
        char kind;
        boolean fullOldRow = false;
        if (message instanceof PgOutputMessage.Insert i) {
            oid = i.relationId();
            kind = 'I';
        } else if (message instanceof PgOutputMessage.Update u) {
            oid = u.relationId();
            kind = 'U';
            fullOldRow = u.oldTuple().map(o -> o.kind() == PgOutputMessage.OldKind.OLD_ROW).orElse(false);
        } else if (message instanceof PgOutputMessage.Delete d) {
            oid = d.relationId();
            kind = 'D';
            fullOldRow = d.oldTuple().kind() == PgOutputMessage.OldKind.OLD_ROW;
        } else if (message instanceof PgOutputMessage.Truncate t && !t.relationIds().isEmpty()) {
            oid = t.relationIds().get(0);
            kind = 'T';
        } else {
            return Optional.empty();
        }
        PgOutputMessage.Relation relation = relations.get(oid);
        return relation == null ? Optional.empty()
                : Optional.of(new Change(kind, relation.qualifiedName(), fullOldRow));
    }

    private RunbookFailure streamFailure(SQLException e) {
        if ("42704".equals(e.getSQLState())) {
            return new RunbookFailure(GuideStep.A2, "publication " + publication + " does not exist", e);
        }
        return new RunbookFailure(GuideStep.A2, "the replication stream failed: " + e.getMessage(), e);
    }

    /** Carries a SQLException out of an Awaitility condition. */
    private static final class UncheckedSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private void startStream() throws SQLException {
        if (stream == null) {
            stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot.getSlotName()).withStartPosition(slot.getConsistentPoint())
                    .withSlotOption("proto_version", "1").withSlotOption("publication_names", publication)
                    .withStatusInterval(1, TimeUnit.SECONDS).start();
        }
    }

    private void acknowledge() {
        LogSequenceNumber lsn = stream.getLastReceiveLSN();
        if (lsn.asLong() != 0) { // Relation messages report 0/0: never acknowledge that
            stream.setAppliedLSN(lsn);
            stream.setFlushedLSN(lsn);
        }
    }

    private RunbookFailure snapshotFailure(String table, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if ("42501".equals(e.getSQLState()) && message.contains("schema")) {
            return new RunbookFailure(GuideStep.A2, "user " + user + " may not use the schema of " + table
                    + " (" + message + "); GRANT USAGE ON SCHEMA … TO " + user, e);
        }
        if ("42501".equals(e.getSQLState())) {
            return new RunbookFailure(GuideStep.A2, "user " + user + " cannot read the snapshot of " + table
                    + " (" + message + "); GRANT SELECT ON " + table + " TO " + user, e);
        }
        return new RunbookFailure(GuideStep.A2, "reading the snapshot of " + table + " failed: " + message, e);
    }

    private static boolean isReadReplica(UpstreamPostgres upstream, String user, String password) {
        try (Connection c = upstream.connect(user, password); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT pg_is_in_recovery()");
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false; // cannot tell: report the original refusal
        }
    }

    private static Connection connectForReplication(UpstreamPostgres upstream, String user, String password) {
        Properties props = upstream.endpoint().properties(user, password);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        try {
            return DriverManager.getConnection(upstream.endpoint().jdbcUrl(), props);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ("42501".equals(state)) {
                throw new RunbookFailure(GuideStep.A2, "user " + user + " may not open a replication connection ("
                        + e.getMessage() + "); GRANT rds_replication TO " + user, e);
            }
            if ("28P01".equals(state) || "28000".equals(state)) {
                throw new RunbookFailure(GuideStep.A2, "user " + user + " cannot log in (" + e.getMessage() + ")", e);
            }
            throw new RunbookFailure(GuideStep.A2, "cannot open a replication connection as " + user + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (SQLException ignored) {
                // the connection is closed next, which ends the stream anyway
            }
        }
        Connections.closeQuietly(replication);
    }
}
