package dev.ingestrunbooks.sandbox.aws.ec2;

/**
 * Told when an interface endpoint to one of the account's endpoint services appears or changes state, e.g. by the
 * sandbox to make Materialize's PrivateLink connection available once the admin has accepted it. {@link Ec2Backend}
 * calls listeners outside its lock, after the change is visible to readers, one event at a time and in the order of
 * the changes (on the thread that made the change, or the EC2 timer thread for {@code pending} →
 * {@code available}). An exception is logged and does not undo the change. Polling
 * {@link Ec2Backend#endpoint(String)} works as well.
 */
@FunctionalInterface
public interface EndpointConnectionListener {

    /**
     * {@code endpoint.state()} is the new state (AWS's camelCase: {@code pendingAcceptance}, {@code pending},
     * {@code available}, {@code rejected}, or {@code deleted} once the endpoint or its service is gone);
     * {@code previousState} is null for a new endpoint.
     */
    void stateChanged(EndpointServices.Endpoint endpoint, String previousState);
}
