package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * One field of a RowDescription: name, table OID and attribute number (0 when not a table column),
 * type OID, type size (negative for variable width), type modifier (-1 when none).
 */
public record Column(String name, int tableOid, short attributeNumber, int typeOid, short typeSize, int typeModifier) {

    /** A computed column of the given type, with the type's usual size and no modifier. */
    public static Column of(String name, int typeOid) {
        return new Column(name, 0, (short) 0, typeOid, PgTypes.size(typeOid), -1);
    }
}
