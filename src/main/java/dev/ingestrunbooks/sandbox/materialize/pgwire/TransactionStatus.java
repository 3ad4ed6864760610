package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * The transaction status a ReadyForQuery reports
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">ReadyForQuery</a>).
 */
public enum TransactionStatus {
    /** Not in a transaction block. */
    IDLE('I'),
    /** In a transaction block. */
    IN_BLOCK('T'),
    /** In a failed transaction block: statements are rejected until the block ends. */
    FAILED('E');

    private final char indicator;

    TransactionStatus(char indicator) {
        this.indicator = indicator;
    }

    public byte indicator() {
        return (byte) indicator;
    }
}
