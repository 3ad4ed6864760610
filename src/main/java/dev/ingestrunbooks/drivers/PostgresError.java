package dev.ingestrunbooks.drivers;

/** PostgreSQL refused a statement; carries the SQLSTATE so checks can tell which guide step is missing. */
public class PostgresError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public PostgresError(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
