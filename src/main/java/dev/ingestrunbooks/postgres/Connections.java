package dev.ingestrunbooks.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers shared by the drivers and the sandbox. */
public final class Connections {

    private Connections() {
    }

    /**
     * Closes a connection that is being dropped either way (broken, in an unknown state, or no longer wanted): an
     * error from the close itself changes nothing. {@code null} is allowed.
     */
    public static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // dropped either way
        }
    }
}
