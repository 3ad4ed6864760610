package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.UUID;

/**
 * Replication slot names as Materialize chooses them (docs/materialize.md §4.4): {@code materialize_} plus a v4 UUID in
 * lowercase hex without dashes for the source's slot, {@code mzsnapshot_} plus one for a temporary snapshot slot.
 */
final class SlotNames {

    private SlotNames() {
    }

    static String mainSlot() {
        return "materialize_" + hex();
    }

    static String snapshotSlot() {
        return "mzsnapshot_" + hex();
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
