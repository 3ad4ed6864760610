package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.evidence.Secrets;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/**
 * Materialize refused a statement. Carries Materialize's SQLSTATE and its message, DETAIL and HINT (as psql shows
 * them), so that {@link MaterializeDiagnosis} can tell which guide step is missing. Secrets are masked.
 */
public final class MaterializeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;
    private final String primary;
    private final String detail;
    private final String hint;

    private MaterializeError(String sqlState, String primary, String detail, String hint, String statement,
            Throwable cause) {
        super(render(primary, detail, hint) + "\n  while running: " + Secrets.mask(statement), cause);
        this.sqlState = sqlState;
        this.primary = primary;
        this.detail = detail;
        this.hint = hint;
    }

    /** Wraps what pgJDBC reported for {@code statement}. */
    static MaterializeError of(SQLException e, String statement) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String primary = Secrets.mask(server != null && server.getMessage() != null ? server.getMessage()
                : String.valueOf(e.getMessage()));
        String detail = server == null ? null : Secrets.mask(server.getDetail());
        String hint = server == null ? null : Secrets.mask(server.getHint());
        return new MaterializeError(e.getSQLState(), primary, detail, hint, statement, e);
    }

    private static String render(String primary, String detail, String hint) {
        return "ERROR:  " + primary + (detail == null ? "" : "\nDETAIL:  " + detail)
                + (hint == null ? "" : "\nHINT:  " + hint);
    }

    public String sqlState() {
        return sqlState;
    }

    /** The primary message, e.g. {@code POSTGRES source validation: PUBLICATION mz_source is empty}. */
    public String primary() {
        return primary;
    }

    /** Message, DETAIL and HINT as psql prints them. */
    public String rendered() {
        return render(primary, detail, hint);
    }
}
