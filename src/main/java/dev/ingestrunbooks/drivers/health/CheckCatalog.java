package dev.ingestrunbooks.drivers.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check there is, in guide order: A1 and A2 ({@link LogicalReplicationChecks}, {@link PublicationChecks}),
 * B ({@link NetworkChecks}), then C2 to C4 ({@link SourceChecks}). Ids are unique; a compliance scenario names a check by its id.
 */
public final class CheckCatalog {

    private static final Map<String, HealthCheck> CHECKS = new LinkedHashMap<>();

    static {
        List<HealthCheck> all = new ArrayList<>();
        all.addAll(LogicalReplicationChecks.all());
        all.addAll(PublicationChecks.all());
        all.addAll(NetworkChecks.all());
        all.addAll(SourceChecks.all());
        for (HealthCheck check : all) {
            if (CHECKS.put(check.definition().id(), check) != null) {
                throw new IllegalStateException("two checks are called " + check.definition().id());
            }
        }
    }

    private CheckCatalog() {
    }

    /** All checks, in guide order. */
    public static List<HealthCheck> all() {
        return List.copyOf(CHECKS.values());
    }

    public static Optional<HealthCheck> byId(String id) {
        return Optional.ofNullable(CHECKS.get(id));
    }

    /** The check called {@code id}; an unknown id lists the known ones. */
    public static HealthCheck get(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("no check called '" + id + "'; the checks"
                + " are: " + String.join(", ", CHECKS.keySet())));
    }
}
