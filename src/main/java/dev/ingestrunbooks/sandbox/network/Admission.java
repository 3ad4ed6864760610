package dev.ingestrunbooks.sandbox.network;

/**
 * The verdict of an {@link AdmissionRule}: let the client through, refuse it with a FATAL error, or drop it without
 * an answer, as a security group drops the packets of a client it does not admit (the client times out).
 */
public sealed interface Admission {

    Admission ADMIT = new Admit();

    static Admission admit() {
        return ADMIT;
    }

    /** Refuse with a FATAL ErrorResponse carrying this SQLSTATE and message (as PostgreSQL would send it). */
    static Admission reject(String sqlState, String message) {
        return new Reject(sqlState, message);
    }

    /** Never answer: hold the connection until the client gives up ({@code reason} is only logged). */
    static Admission drop(String reason) {
        return new Drop(reason);
    }

    record Admit() implements Admission {
    }

    record Reject(String sqlState, String message) implements Admission {
    }

    record Drop(String reason) implements Admission {
    }
}
