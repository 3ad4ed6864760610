package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * OIDs and sizes of the built-in types the emulator knows by heart (see {@code pg_type.dat} in PostgreSQL's
 * source, or {@code SELECT oid, typname, typlen FROM pg_type}).
 */
public final class PgTypes {

    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int JSON = 114;
    public static final int POINT = 600;
    public static final int BOX = 603;
    public static final int TIME = 1083;
    public static final int TIMETZ = 1266;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int INTERVAL_ARRAY = 1187;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    private PgTypes() {
    }

    /** The element type of the array types the emulator can send in binary, 0 for anything else. */
    public static int elementOf(int arrayOid) {
        return switch (arrayOid) {
            case 1000 -> BOOL;
            case 1001 -> BYTEA;
            case 1005 -> INT2;
            case 1007 -> INT4;
            case 1009 -> TEXT;
            case 1014 -> BPCHAR;
            case 1015 -> VARCHAR;
            case 1016 -> INT8;
            case 1021 -> FLOAT4;
            case 1022 -> FLOAT8;
            case 1028 -> OID;
            case 1115 -> TIMESTAMP;
            case 1182 -> DATE;
            case 1183 -> TIME;
            case 1185 -> TIMESTAMPTZ;
            case 1187 -> INTERVAL;
            case 1231 -> NUMERIC;
            case 2951 -> UUID;
            case 199 -> JSON;
            case 3807 -> JSONB;
            default -> 0;
        };
    }

    /** {@code typlen}: the fixed size in bytes, or -1 for variable-length types (-2 for cstring, unused). */
    public static short size(int oid) {
        return switch (oid) {
            case BOOL -> 1;
            case INT2 -> 2;
            case INT4, OID, FLOAT4, DATE -> 4;
            case INT8, FLOAT8, TIMESTAMP, TIMESTAMPTZ, TIME -> 8;
            case TIMETZ -> 12;
            case POINT -> 16;
            case BOX -> 32;
            case NAME -> 64;
            case UUID, INTERVAL -> 16;
            default -> -1;
        };
    }
}
