package dev.ingestrunbooks.target;

import dev.ingestrunbooks.target.SandboxTarget;

/** Opens the target a run is configured for ({@code runbook.target}). */
public final class Targets {
    private Targets() {
    }

    public static Target open(RunbookConfig config) {
        return switch (config.target()) {
            case SANDBOX -> SandboxTarget.start(config);
            case LIVE -> LiveTarget.open(config);
            case CONTAINERS -> ContainersTarget.open(config);
        };
    }
}
