package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;

/**
 * The cluster replica sizes the emulator accepts (docs/materialize.md §2.9): the credit sizes {@code 25cc} …
 * {@code 6400cc}, {@code 128C}/{@code 256C}/{@code 512C}, and the legacy t-shirt sizes older guides use
 * ({@code 3xsmall} … {@code 6xlarge}). Limit: the M.1 family of newer regions is not listed.
 */
public final class ClusterSizes {
    /** Every valid size, in the order the error hint lists them. */
    public static final List<String> VALID = List.of("25cc", "50cc", "100cc", "200cc", "300cc", "400cc", "600cc",
            "800cc", "1200cc", "1600cc", "3200cc", "6400cc", "128C", "256C", "512C", "3xsmall", "2xsmall", "xsmall",
            "small", "medium", "large", "xlarge", "2xlarge", "3xlarge", "4xlarge", "5xlarge", "6xlarge");

    private ClusterSizes() {
    }

    /** Returns {@code size} if valid; else throws {@code unknown cluster replica size <size>}. */
    public static String require(String size) {
        if (!VALID.contains(size)) {
            throw MzErrors.unknownReplicaSize(size, VALID);
        }
        return size;
    }
}
