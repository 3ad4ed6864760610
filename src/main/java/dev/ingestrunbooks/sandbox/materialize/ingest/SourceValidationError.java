package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;

/**
 * An error Materialize reports when CREATE SOURCE (or ALTER SOURCE … ADD SUBSOURCE, or VALIDATE CONNECTION)
 * validates the upstream PostgreSQL, with message, DETAIL and HINT exactly as in {@code docs/materialize.md} §4.2.
 * Made only by the factories below.
 *
 * <p>Limits: Materialize's SQLSTATE for these errors is not confirmed (docs/materialize.md §6); {@link #INTERNAL_ERROR}
 * is used, the code Materialize gives plan and adapter errors without a specific one.
 */
public final class SourceValidationError extends Exception {

    /** {@code XX000}. */
    public static final String INTERNAL_ERROR = "XX000";
    /** {@code 58000} system_error: {@code AdapterError::ConnectionValidation} (VALIDATE CONNECTION). */
    public static final String SYSTEM_ERROR = "58000";
    private static final String PREFIX = "POSTGRES source validation: ";
    private static final String FAILED_TO_CONNECT = "failed to connect to PostgreSQL database";

    private final String sqlState;
    private final String detail;
    private final String hint;

    private SourceValidationError(String message, String detail, String hint) {
        this(INTERNAL_ERROR, message, detail, hint);
    }

    private SourceValidationError(String sqlState, String message, String detail, String hint) {
        super(message);
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
    }

    public String sqlState() {
        return sqlState;
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    static SourceValidationError walLevel(String actual) {
        return new SourceValidationError(PREFIX + "server must have wal_level >= logical, but has " + actual, null,
                null);
    }

    static SourceValidationError replicationDisabled() {
        return new SourceValidationError(PREFIX + "replication disabled on server", null,
                "set max_wal_senders to a value > 0");
    }

    static SourceValidationError insufficientSlots() {
        return new SourceValidationError(
                PREFIX + "PostgreSQL server has insufficient number of replication slots available",
                "executing this statement requires 2 replication slots",
                "you might be able to wait for other sources to finish snapshotting and try again");
    }

    static SourceValidationError publicationMissing(String publication) {
        return new SourceValidationError(FAILED_TO_CONNECT, "publication " + publication + " does not exist", null);
    }

    static SourceValidationError publicationEmpty(String publication) {
        return new SourceValidationError(PREFIX + "PUBLICATION " + publication + " is empty", null, null);
    }

    static SourceValidationError referenceNotFound(String table) {
        return new SourceValidationError("reference to " + table + " not found in source", null, null);
    }

    /**
     * No USAGE on a schema: Materialize's privilege check runs on its PostgreSQL client, so the error is a
     * {@code PostgresConnectionErr} ({@code failed to connect to PostgreSQL database}) with the check's text as DETAIL
     * (Materialize's {@code test/pg-cdc/privileges.td}); a 2023 purification variant worded it
     * {@code POSTGRES source validation: insufficient privileges}.
     */
    static SourceValidationError missingUsage(String user, String schemas) {
        return new SourceValidationError(FAILED_TO_CONNECT,
                "user " + user + " lacks USAGE privileges for schemas " + schemas, null);
    }

    /** No SELECT on a table: as {@link #missingUsage}, DETAIL {@code user <u> lacks SELECT privileges for tables …}. */
    static SourceValidationError missingSelect(String user, String tables) {
        return new SourceValidationError(FAILED_TO_CONNECT,
                "user " + user + " lacks SELECT privileges for tables " + tables, null);
    }

    static SourceValidationError notReplicaIdentityFull(String tables) {
        return new SourceValidationError(PREFIX + "referenced items not tables with REPLICA IDENTITY FULL",
                "referenced items: " + tables, null);
    }

    static SourceValidationError unsupportedTypes(String columns) {
        return new SourceValidationError(PREFIX + "referenced tables use unsupported types",
                "the following columns contain unsupported types:\n" + columns,
                "Use the TEXT COLUMNS option naming the listed columns, and Materialize can ingest their values"
                        + " as text.");
    }

    /** A PostgreSQL error while connecting, e.g. {@code db error: FATAL: permission denied to start WAL sender}. */
    static SourceValidationError connectFailed(String dbError) {
        return new SourceValidationError(FAILED_TO_CONNECT, "db error: " + dbError, null);
    }

    /**
     * A connection failure during CREATE SOURCE's checks: a PostgreSQL error as {@link #connectFailed(String)}, a
     * tunnel that could not be opened with the tunnel's own text as DETAIL (no {@code db error: } prefix).
     */
    static SourceValidationError connectFailed(SQLException e) {
        if (e instanceof TunnelFailure tunnel) {
            return new SourceValidationError(FAILED_TO_CONNECT, tunnel.getMessage(), null);
        }
        return connectFailed(Sql.dbError(e));
    }

    /**
     * The same check failing in VALIDATE CONNECTION: {@code ConnectionValidationError} (58000) shows the bare
     * message, without the CREATE SOURCE prefix.
     */
    SourceValidationError asConnectionValidation() {
        return new SourceValidationError(SYSTEM_ERROR, getMessage().replaceFirst("^" + PREFIX, ""), detail, hint);
    }

    /**
     * VALIDATE CONNECTION could not connect: the client error with its causes, as tokio-postgres words them
     * ({@code db error: FATAL: password authentication failed for user "x"},
     * {@code error connecting to server: Connection refused (os error 111)}).
     */
    static SourceValidationError connectionFailed(SQLException e) {
        if (e instanceof TunnelFailure tunnel) {
            return new SourceValidationError(SYSTEM_ERROR, tunnel.getMessage(), null, null);
        }
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            return new SourceValidationError(SYSTEM_ERROR, "db error: " + Sql.dbError(e), null, null);
        }
        Throwable cause = e.getCause();
        if (cause == null && "08001".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("timed out")) {
            return new SourceValidationError(SYSTEM_ERROR, "error connecting to server: timed out", null, null);
        }
        String io = cause instanceof ConnectException ? "Connection refused (os error 111)"
                : cause instanceof UnknownHostException
                        ? "failed to lookup address information: Name or service not known"
                        : cause instanceof SocketTimeoutException ? "timed out"
                                : cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return new SourceValidationError(SYSTEM_ERROR, "error connecting to server: " + io, null, null);
    }

    @Override
    public String toString() {
        return "ERROR: " + getMessage() + detail().map(d -> "\nDETAIL: " + d).orElse("")
                + hint().map(h -> "\nHINT: " + h).orElse("");
    }
}
