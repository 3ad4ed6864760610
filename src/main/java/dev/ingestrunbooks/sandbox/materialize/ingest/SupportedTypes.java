package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.Set;

/**
 * The upstream type OIDs Materialize can ingest ({@code mz_pgrepr::Type::from_oid_and_typmod} knows them), an
 * approximation: the built-in scalar types Materialize supports and their arrays, plus the built-in range types.
 * Everything else (enums, {@code money}, {@code hstore}, geometric types, {@code inet}, …) fails validation
 * with "referenced tables use unsupported types" (docs/materialize.md §4.2). Limit: {@code reg*} columns get that error
 * too, not Materialize's own "… which Materialize cannot currently ingest".
 */
final class SupportedTypes {

    private static final Set<Integer> OIDS = Set.of(
            16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 700, 701, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1700, 2950,
            3802,
            // arrays
            1000, 1001, 1002, 1003, 1016, 1005, 1007, 1009, 199, 1021, 1022, 1014, 1015, 1182, 1183, 1115, 1185,
            1187, 1231, 2951, 3807, 1028,
            // ranges
            3904, 3926, 3906, 3912, 3908, 3910);

    private SupportedTypes() {
    }

    static boolean isSupported(int typeOid) {
        return OIDS.contains(typeOid);
    }
}
