package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidationError;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;

/** Turns the catalog's, planners' and validator's errors into wire errors with the same SQLSTATE and texts. */
final class Errors {
    private Errors() {
    }

    /** A catalog or planning error. */
    static SqlError of(MzException e) {
        return new SqlError("ERROR", e.sqlState(), e.message(), e.detail(), e.hint());
    }

    /** An upstream validation error of CREATE SOURCE. */
    static SqlError of(SourceValidationError e) {
        return new SqlError("ERROR", e.sqlState(), e.getMessage(), e.detail().orElse(null), e.hint().orElse(null));
    }
}
