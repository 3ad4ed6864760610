package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.List;

/**
 * A published upstream table as Materialize reads it at CREATE SOURCE: schema, name, OID and the columns from
 * {@code pg_attribute} (not dropped, not generated), in attnum order.
 */
public record UpstreamTable(String schema, String name, int oid, List<UpstreamColumn> columns) {

    public UpstreamTable {
        columns = List.copyOf(columns);
    }

    /** One ingested column; {@code typeName} is {@code format_type(atttypid, atttypmod)}, e.g. {@code numeric(10,2)}. */
    public record UpstreamColumn(String name, int attnum, int typeOid, int typmod, String typeName, boolean notNull) {
    }

    /** {@code schema.name}, unquoted. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /** {@code "schema"."name"}, for SQL. */
    public String quotedName() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }
}
