package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.Optional;

/**
 * A row of {@code mz_internal.mz_source_statuses} for a source or one of its subsources (docs/materialize.md §5):
 * status {@code starting}, {@code running}, {@code stalled} (error, retried), {@code ceased} (a subsource that can
 * never resume, e.g. an incompatible schema change) or {@code dropped}; {@code error} is
 * {@code <namespace>: <message>}, e.g. {@code postgres: table was truncated}.
 */
public record SourceStatus(String status, Optional<String> error) {

    public static final SourceStatus STARTING = new SourceStatus("starting", Optional.empty());
    public static final SourceStatus RUNNING = new SourceStatus("running", Optional.empty());
    public static final SourceStatus DROPPED = new SourceStatus("dropped", Optional.empty());
    /** The status of a definite error (see {@link #ceased(String)}). */
    static final String CEASED = "ceased";

    /** A retried error of the whole source, e.g. the publication was dropped upstream. */
    public static SourceStatus stalled(String message) {
        return new SourceStatus("stalled", Optional.of("postgres: " + message));
    }

    /**
     * The stall a failed upstream step causes: a {@link TunnelFailure} under its own namespace ({@code ssh: …}), any
     * other error under {@code postgres} with PostgreSQL's message text.
     */
    public static SourceStatus stalled(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TunnelFailure tunnel) {
                return new SourceStatus("stalled", Optional.of(tunnel.namespace() + ": " + tunnel.getMessage()));
            }
        }
        return stalled(ReplicationStreamer.message(e));
    }

    /** A definite error of one subsource that ends its ingestion. */
    public static SourceStatus ceased(String message) {
        return new SourceStatus(CEASED, Optional.of("postgres: " + message));
    }

    public boolean isError() {
        return error.isPresent();
    }
}
