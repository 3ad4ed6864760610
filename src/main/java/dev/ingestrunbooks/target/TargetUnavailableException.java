package dev.ingestrunbooks.target;

/**
 * The configured target cannot run on this machine (e.g. no Docker for {@code containers}). Runbooks report the
 * scenario as skipped with this message rather than failed: the setup under check is not at fault.
 */
public class TargetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetUnavailableException(String message) {
        super(message);
    }
}
