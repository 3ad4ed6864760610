package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * A typed SQL error as it goes out in an ErrorResponse: severity, SQLSTATE, message and optional detail and hint
 * (<a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">error fields</a>).
 * Made by factories so codes are spelled once; never carries a stack trace onto the wire.
 */
public final class SqlError extends Exception {

    private final String severity;
    private final String sqlState;
    private final String detail;
    private final String hint;

    public SqlError(String severity, String sqlState, String message, String detail, String hint) {
        super(message, null, false, false);
        this.severity = severity;
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
    }

    public static SqlError error(String sqlState, String message) {
        return new SqlError("ERROR", sqlState, message, null, null);
    }

    /** 08P01: the client broke the protocol (bad frame, unknown message, bad Bind). */
    public static SqlError protocolViolation(String message) {
        return error("08P01", message);
    }

    /** 26000: unknown prepared statement. */
    public static SqlError undefinedStatement(String name) {
        return error("26000", "prepared statement \"" + name + "\" does not exist");
    }

    /** 34000: unknown portal. */
    public static SqlError undefinedCursor(String name) {
        return error("34000", "portal \"" + name + "\" does not exist");
    }

    /** 0A000: a feature the emulator does not implement. */
    public static SqlError featureNotSupported(String message) {
        return error("0A000", message);
    }

    /** 28P01 FATAL: wrong password, worded as PostgreSQL words it. */
    public static SqlError invalidPassword(String user) {
        return new SqlError("FATAL", "28P01", "password authentication failed for user \"" + user + "\"", null, null);
    }

    /** XX000: something broke inside the emulator or its backing database. */
    public static SqlError internal(String message) {
        return error("XX000", message);
    }

    public String severity() {
        return severity;
    }

    public String sqlState() {
        return sqlState;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }
}
