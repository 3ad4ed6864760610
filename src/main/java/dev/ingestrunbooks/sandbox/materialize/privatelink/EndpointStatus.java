package dev.ingestrunbooks.sandbox.materialize.privatelink;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The state of a connection's VPC endpoint as Materialize records it: one of Materialize's status names
 * ({@link #STATUSES}, the values of {@code mz_internal.mz_aws_privatelink_connection_statuses.status}) and, when
 * the endpoint is not available, the message of its {@code Available} condition (AWS's explanation, e.g. why the
 * endpoint failed or that it waits for acceptance), which {@code VALIDATE CONNECTION} reports.
 *
 * <p>Mapping onto Materialize's {@code Available} condition (docs/materialize.md §2.5): status {@code available}
 * is the condition {@code True}; any other status with a message is the condition {@code False} with that
 * message; a status without a message means the endpoint has no condition yet.
 */
public record EndpointStatus(String status, Optional<String> message) {
    /** Materialize's VPC endpoint states, as it prints them. */
    public static final Set<String> STATUSES = Set.of("pending-service-discovery", "creating-endpoint",
            "recreating-endpoint", "updating-endpoint", "available", "deleted", "deleting", "expired", "failed",
            "pending", "pending-acceptance", "rejected", "unknown");

    /** Checks the status name. */
    public EndpointStatus {
        Objects.requireNonNull(status, "status");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a Materialize VPC endpoint status: " + status);
        }
        message = Objects.requireNonNullElse(message, Optional.empty());
    }

    /** No endpoint state known yet (what Materialize shows before the endpoint controller reported). */
    public static EndpointStatus unknown() {
        return new EndpointStatus("unknown", Optional.empty());
    }

    /** The endpoint is available: connections through it can be made. */
    public static EndpointStatus available() {
        return new EndpointStatus("available", Optional.empty());
    }

    /** {@code status} without a condition message. */
    public static EndpointStatus of(String status) {
        return new EndpointStatus(status, Optional.empty());
    }

    /** {@code status} with the condition's {@code message}. */
    public static EndpointStatus of(String status, String message) {
        return new EndpointStatus(status, Optional.of(message));
    }

    public boolean isAvailable() {
        return status.equals("available");
    }
}
