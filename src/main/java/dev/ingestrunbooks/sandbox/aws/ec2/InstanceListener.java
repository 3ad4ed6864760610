package dev.ingestrunbooks.sandbox.aws.ec2;

/**
 * Told about instance lifecycle events, e.g. by the sandbox to start and stop a real server per instance. Every
 * method has a no-op default. {@link Ec2Backend} calls listeners outside its lock, after the change is visible to
 * readers (a listener may call back into the backend), one event at a time and in the order the changes happened,
 * on a thread that changed the backend (an HTTP thread or the EC2 timer thread; usually the one that made this
 * change, and always before that change's API call returns, unless a listener made it, in which case it follows the
 * event being delivered). Listeners should return quickly: while one runs, other events wait. An exception is
 * logged and does not undo the change.
 */
public interface InstanceListener {

    /** The instance went {@code pending} → {@code running}. */
    default void running(Instance instance) {
    }

    /**
     * The instance's public IP changed while it runs: an Elastic IP was associated (the new address replaces the
     * automatic one) or disassociated (a fresh automatic address replaces it). {@code instance.publicIp()} is the new
     * address, possibly null.
     */
    default void publicAddressChanged(Instance instance, String oldPublicIp) {
    }

    /** The instance went {@code shutting-down} → {@code terminated}; its addresses are free again. */
    default void terminated(Instance instance) {
    }
}
