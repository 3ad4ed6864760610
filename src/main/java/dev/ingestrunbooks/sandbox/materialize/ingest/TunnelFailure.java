package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.SQLException;

/**
 * An {@link UpstreamTunnel} could not be opened, or TLS to the upstream could not be negotiated
 * ({@link UpstreamTlsErrors}, namespace {@code postgres}). It is an {@link SQLException} (SQLSTATE {@code 08001}, as a failed
 * connection attempt) so it travels the same paths as any upstream connection failure; {@link #namespace()} is the
 * source status namespace Materialize files it under ({@code ssh}, docs/materialize.md §5), so a source stalled by it
 * reads {@code ssh: <message>}. The message never contains key material.
 */
public final class TunnelFailure extends SQLException {
    private final String namespace;

    public TunnelFailure(String namespace, String message) {
        super(message, "08001");
        this.namespace = namespace;
    }

    /** The status namespace, e.g. {@code ssh}. */
    public String namespace() {
        return namespace;
    }
}
