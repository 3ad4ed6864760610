package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import java.util.List;
import java.util.Map;

/**
 * A {@code CREATE CONNECTION} after planning: options checked and normalized, ready for
 * {@code MzCatalog.createConnection}.
 *
 * @param name           connection name
 * @param ifNotExists    IF NOT EXISTS given
 * @param kind           connection type
 * @param options        text options by name ({@code HOST}, {@code PORT} with its default, {@code SSL MODE}
 *                       normalized, {@code AVAILABILITY ZONES} comma-joined …)
 * @param secretOptions  secret-valued options: option name to secret name ({@code PASSWORD} → {@code pgpass})
 * @param connectionRefs connections used ({@code AWS PRIVATELINK}, {@code SSH TUNNEL})
 * @param validate       whether to validate now (WITH (VALIDATE …), else the type's default)
 */
public record PlannedConnection(String name, boolean ifNotExists, ConnectionKind kind, Map<String, String> options,
                                Map<String, String> secretOptions, List<String> connectionRefs, boolean validate) {
    /** Copies the collections. */
    public PlannedConnection {
        options = Map.copyOf(options);
        secretOptions = Map.copyOf(secretOptions);
        connectionRefs = List.copyOf(connectionRefs);
    }

    /** The secrets this connection depends on. */
    public List<String> secretRefs() {
        return List.copyOf(secretOptions.values());
    }
}
