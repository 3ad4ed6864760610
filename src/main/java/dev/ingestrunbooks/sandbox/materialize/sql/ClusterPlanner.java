package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import java.util.List;
import java.util.Optional;

/**
 * Plans {@code CREATE CLUSTER} and {@code ALTER CLUSTER … SET}: extracts {@code SIZE} and
 * {@code REPLICATION FACTOR} (default 1 on create). Sizes themselves are checked by the catalog
 * ({@code unknown cluster replica size …}).
 *
 * <p>Unverified texts: a CREATE CLUSTER without SIZE fails with {@code SIZE option is required} and a
 * non-numeric factor with {@code invalid REPLICATION FACTOR option value: cannot use value as number};
 * Materialize's exact wording was not found. {@code MANAGED}, {@code DISK} and the introspection options are
 * accepted and ignored.
 */
public final class ClusterPlanner {
    private ClusterPlanner() {
    }

    /** A planned cluster change: the new size and replication factor, each absent when unchanged. */
    public record PlannedCluster(String name, Optional<String> size, Optional<Integer> replicationFactor) {
    }

    /** Plans CREATE CLUSTER: SIZE required, REPLICATION FACTOR defaulting to 1. */
    public static PlannedCluster create(MzStatement.CreateCluster statement) {
        Optional<String> size = size(statement.options());
        if (size.isEmpty()) {
            throw MzErrors.optionRequired("SIZE");
        }
        return new PlannedCluster(statement.name(), size,
                Optional.of(replicationFactor(statement.options()).orElse(1)));
    }

    /** Plans ALTER CLUSTER … SET (…). */
    public static PlannedCluster alter(MzStatement.AlterClusterSet statement) {
        return new PlannedCluster(statement.name(), size(statement.options()),
                replicationFactor(statement.options()));
    }

    private static Optional<String> size(List<MzOption> options) {
        return MzOption.find(options, "SIZE").map(OptionValue::asText);
    }

    private static Optional<Integer> replicationFactor(List<MzOption> options) {
        return MzOption.find(options, "REPLICATION FACTOR").map(v -> {
            try {
                return Integer.parseInt(String.valueOf(v.asText()));
            } catch (NumberFormatException e) {
                throw MzErrors.invalidOption("REPLICATION FACTOR", "cannot use value as number");
            }
        });
    }
}
