package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * One bound parameter as the client sent it in Bind: the raw value (null for SQL NULL), whether it is in
 * binary format, and the type OID from Parse (0 = let the server infer it).
 */
public record Parameter(byte[] value, boolean binary, int typeOid) {
}
