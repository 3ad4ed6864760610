package dev.ingestrunbooks.drivers;

/**
 * Decides whether a step may change the target. The sandbox allows everything; a live target allows changes only
 * when the user opted in with {@code runbook.live.allow-changes=true}.
 */
@FunctionalInterface
public interface ChangeGuard {
    /** Throws, naming the action and how to allow it, when changes are not allowed. */
    void check(String action);

    /** Everything may change (sandbox, containers). */
    ChangeGuard ALLOW_ALL = action -> { };
}
