package dev.ingestrunbooks.sandbox.aws;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The actions one service emulates, by exact (case-sensitive) action name; no {@code if/else} chains. */
public final class ActionRegistry {

    private final Map<String, ActionHandler> handlers = new TreeMap<>();

    /** Registers {@code handler} for {@code action}; an action may be registered once. */
    public ActionRegistry on(String action, ActionHandler handler) {
        if (handlers.putIfAbsent(action, handler) != null) {
            throw new IllegalStateException("action registered twice: " + action);
        }
        return this;
    }

    /** The handler, or null when the action is not emulated. */
    public ActionHandler find(String action) {
        return handlers.get(action);
    }

    public Set<String> actions() {
        return Collections.unmodifiableSet(handlers.keySet());
    }
}
