package dev.ingestrunbooks.sandbox.network;

/** The verdict of an {@link AdmissionRule}: let the client through, or refuse it with a FATAL error. */
public sealed interface Admission {

    Admission ADMIT = new Admit();

    static Admission admit() {
        return ADMIT;
    }

    /** Refuse with a FATAL ErrorResponse carrying this SQLSTATE and message (as PostgreSQL would send it). */
    static Admission reject(String sqlState, String message) {
        return new Reject(sqlState, message);
    }

    record Admit() implements Admission {
    }

    record Reject(String sqlState, String message) implements Admission {
    }
}
