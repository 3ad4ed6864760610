package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.OptionalInt;

/**
 * An error as Materialize reports it to a pgwire client: SQLSTATE, message and optional DETAIL and HINT.
 *
 * <p>Instances are made only by {@link MzErrors}, so every text in the emulator has one home.
 * The emulator's wire layer turns this into an ErrorResponse without a stack trace.
 */
public final class MzException extends RuntimeException {
    private final String sqlState;
    private final String detail;
    private final String hint;
    private final int position;

    MzException(String sqlState, String message, String detail, String hint) {
        this(sqlState, message, detail, hint, -1);
    }

    MzException(String sqlState, String message, String detail, String hint, int position) {
        super(message, null, false, false);
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    /** The five-character SQLSTATE. */
    public String sqlState() {
        return sqlState;
    }

    /** The primary message (ErrorResponse field {@code M}). */
    public String message() {
        return getMessage();
    }

    /** DETAIL (field {@code D}), or {@code null}. */
    public String detail() {
        return detail;
    }

    /**
     * For syntax errors, the 0-based character offset in the statement where the error was detected
     * (Materialize reports the parser's position; the wire layer sends it 1-based in field {@code P}).
     */
    public OptionalInt position() {
        return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
    }

    /** HINT (field {@code H}), or {@code null}. */
    public String hint() {
        return hint;
    }
}
