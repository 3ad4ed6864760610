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
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    private PgTypes() {
    }

    /** {@code typlen}: the fixed size in bytes, or -1 for variable-length types (-2 for cstring, unused). */
    public static short size(int oid) {
        return switch (oid) {
            case BOOL -> 1;
            case INT2 -> 2;
            case INT4, OID, FLOAT4, DATE -> 4;
            case INT8, FLOAT8, TIMESTAMP, TIMESTAMPTZ -> 8;
            case NAME -> 64;
            case UUID -> 16;
            default -> -1;
        };
    }
}
