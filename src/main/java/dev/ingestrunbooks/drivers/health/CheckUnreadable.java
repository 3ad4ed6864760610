package dev.ingestrunbooks.drivers.health;

/** A check could not read what it needs (connection refused, permission denied, a catalog relation missing). */
public final class CheckUnreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckUnreadable(String message, Throwable cause) {
        super(message, cause);
    }

    public CheckUnreadable(String message) {
        super(message);
    }
}
