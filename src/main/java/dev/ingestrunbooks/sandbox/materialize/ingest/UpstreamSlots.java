package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drops a source's replication slot upstream, as DROP SOURCE does. A walsender lingers briefly after its client
 * disconnects, leaving the slot active ({@code 55006}), so the drop waits for {@code active_pid} to clear.
 */
final class UpstreamSlots {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private UpstreamSlots() {
    }

    /** Drops {@code slot} if it exists; true when it existed. */
    static boolean drop(UpstreamEndpoint endpoint, String slot) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection c = endpoint.connect();
                PreparedStatement active = c.prepareStatement(
                        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?");
                PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            active.setString(1, slot);
            drop.setString(1, slot);
            while (true) {
                try (ResultSet rs = active.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    rs.getInt(1);
                    if (rs.wasNull() || System.nanoTime() > deadline) {
                        drop.execute();
                        return true;
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
