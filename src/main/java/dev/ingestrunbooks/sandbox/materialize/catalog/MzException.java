package dev.ingestrunbooks.sandbox.materialize.catalog;

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

    MzException(String sqlState, String message, String detail, String hint) {
        super(message, null, false, false);
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
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

    /** HINT (field {@code H}), or {@code null}. */
    public String hint() {
        return hint;
    }
}
