package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.Map;

/**
 * The pluggable SQL side of the pgwire server: opens one {@link SqlSession} per client connection after
 * authentication. The protocol layer never looks at SQL text; a Materialize-statement layer (CREATE SOURCE,
 * SHOW, the mz_catalog) is meant to be an engine that wraps another engine, e.g. {@link BackingPostgresEngine}.
 */
@FunctionalInterface
public interface SqlEngine {

    /** Opens a session for an authenticated client; {@code startup} holds the StartupMessage parameters. */
    SqlSession open(String user, String database, Map<String, String> startup) throws SqlError;
}
