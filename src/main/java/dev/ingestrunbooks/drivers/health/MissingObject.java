package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.GuideStep;

/**
 * What a check needs to look at does not exist (the source, the connection): a finding of the check that asked,
 * naming the step that creates the object, rather than a failure to read.
 */
final class MissingObject extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient GuideStep creates;

    MissingObject(String message, GuideStep creates) {
        super(message);
        this.creates = creates;
    }

    /** The guide step that creates the missing object. */
    GuideStep creates() {
        return creates;
    }
}
