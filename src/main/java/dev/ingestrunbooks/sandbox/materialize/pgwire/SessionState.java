package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.HashMap;
import java.util.Map;

/**
 * The protocol state of one connection, kept outside the dispatcher: prepared statements and portals by name
 * ("" = unnamed), and whether messages are being skipped until Sync after an error in an extended-query batch
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY">extended query</a>).
 */
final class SessionState {

    private final Map<String, NamedStatement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean skippingUntilSync;

    void putStatement(String name, NamedStatement statement) throws SqlError {
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw SqlError.error("42P05", "prepared statement \"" + name + "\" already exists");
        }
        statements.put(name, statement);
    }

    NamedStatement statement(String name) throws SqlError {
        NamedStatement statement = statements.get(name);
        if (statement == null) {
            throw SqlError.undefinedStatement(name);
        }
        return statement;
    }

    void putPortal(String name, Portal portal) throws SqlError {
        if (!name.isEmpty() && portals.containsKey(name)) {
            throw SqlError.error("42P03", "cursor \"" + name + "\" already exists");
        }
        portals.put(name, portal);
    }

    Portal portal(String name) throws SqlError {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw SqlError.undefinedCursor(name);
        }
        return portal;
    }

    void closeStatement(String name) {
        statements.remove(name);
    }

    /** {@code DEALLOCATE ALL} and {@code DISCARD ALL} drop every prepared statement. */
    void closeAllStatements() {
        statements.clear();
    }

    void closePortal(String name) {
        portals.remove(name);
    }

    /** At the end of a transaction PostgreSQL drops all (non-holdable) portals. */
    void dropPortals() {
        portals.clear();
    }

    boolean skippingUntilSync() {
        return skippingUntilSync;
    }

    void startSkipping() {
        skippingUntilSync = true;
    }

    void stopSkipping() {
        skippingUntilSync = false;
    }
}
