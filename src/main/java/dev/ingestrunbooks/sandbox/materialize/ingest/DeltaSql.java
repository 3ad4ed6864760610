package dev.ingestrunbooks.sandbox.materialize.ingest;

import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamTable.UpstreamColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The set-based statements {@link RowWriter} writes a {@link RowDelta} with. Rows travel as one array parameter per
 * column ({@code unnest(?::bigint[], ?::text[], …) AS d(o0, o1, …)} for old rows, {@code n0, …} for new rows), each
 * an array literal of the values' text forms. The server parses each element straight into the column's type
 * ({@link #arrayType}); a column whose own type is an array (PostgreSQL has no arrays of arrays) or {@code box}
 * (whose array literals separate elements with {@code ;}) travels as {@code text[]} instead. Either way each value is
 * then cast to the column type, typmod included, so a value is read exactly as {@code CAST('…' AS type)} reads it.
 *
 * <p>Matching an old row (REPLICA IDENTITY FULL: every column): types whose equal values always print the same
 * (integers, text, boolean, bytea, uuid, dates and timestamps, numeric with a declared scale) compare with
 * {@code IS NOT DISTINCT FROM}; all others compare their text form in the backing's own output
 * ({@code col::text IS NOT DISTINCT FROM CAST(? AS type)::text}), which is exact identity for unconstrained
 * {@code numeric} ({@code 1.5} is not {@code 1.50}), {@code float8} ({@code -0} is not {@code 0}) and
 * {@code jsonb}, and works for types without an equality operator
 * such as {@code json}. The indexed column is probed with {@code =} or {@code IS NULL}, so there are two variants
 * of each matching statement. For each distinct old row, exactly as many copies as asked are picked by
 * {@code ctid} in a lateral {@code LIMIT} lookup, so duplicate rows stay correct.
 */
final class DeltaSql {

    /**
     * Types whose equal values have one text form: int2/4/8, text, varchar, bpchar, bool, bytea, oid, date,
     * timestamp, timestamptz, uuid (and {@code numeric} with a declared scale, see {@link #textIsIdentity}).
     */
    private static final Set<Integer> TEXT_IS_IDENTITY = Set.of(21, 23, 20, 25, 1043, 1042, 16, 17, 26, 1082, 1114,
            1184, 2950);

    private static final int NUMERIC = 1700;
    private static final int BOX = 603;

    private final String target;
    private final List<UpstreamColumn> columns;
    private final int indexed;

    DeltaSql(String quotedTarget, List<UpstreamColumn> columns, int indexed) {
        this.target = quotedTarget;
        this.columns = columns;
        this.indexed = indexed;
    }

    /** {@code INSERT … SELECT} of the new rows ({@code n0, …}). */
    String insert() {
        return "INSERT INTO " + target + " (" + names() + ") SELECT " + casts("d.n") + " FROM "
                + unnest(false, true, false);
    }

    /** Deletes {@code copies} copies of each old row ({@code o0, …, copies}). */
    String remove(boolean indexedIsNull) {
        return "DELETE FROM " + target + " WHERE ctid = ANY (ARRAY(SELECT m.ctid FROM " + unnest(true, false, true)
                + " CROSS JOIN LATERAL (" + pick(indexedIsNull, "d.copies") + ") m))";
    }

    /** Replaces one copy of each old row ({@code o0, …}; distinct rows only) by its new row ({@code n0, …}). */
    String update(boolean indexedIsNull) {
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            sets.add(Sql.ident(columns.get(i).name()) + " = " + cast("u.n" + i, columns.get(i)));
        }
        return "UPDATE " + target + " t SET " + String.join(", ", sets) + " FROM (SELECT m.ctid, d.* FROM "
                + unnest(true, true, false) + " CROSS JOIN LATERAL (" + pick(indexedIsNull, "1") + ") m) u"
                + " WHERE t.ctid = u.ctid";
    }

    private String pick(boolean indexedIsNull, String limit) {
        List<String> match = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            UpstreamColumn col = columns.get(i);
            String column = "x." + Sql.ident(col.name());
            String value = cast("d.o" + i, col);
            if (i == indexed) {
                match.add(indexedIsNull ? column + " IS NULL" : column + " = " + value);
                if (indexedIsNull || textIsIdentity(col)) {
                    continue;
                }
            }
            match.add(textIsIdentity(col) ? column + " IS NOT DISTINCT FROM " + value
                    : column + "::text IS NOT DISTINCT FROM " + value + "::text");
        }
        return "SELECT x.ctid FROM " + target + " x WHERE " + String.join(" AND ", match) + " LIMIT " + limit;
    }

    /** {@code numeric(p,s)} stores every value with scale s, so {@code 1.5} and {@code 1.50} cannot both exist. */
    private static boolean textIsIdentity(UpstreamColumn column) {
        return TEXT_IS_IDENTITY.contains(column.typeOid()) || column.typeOid() == NUMERIC && column.typmod() >= 0;
    }

    private String unnest(boolean old, boolean fresh, boolean counts) {
        List<String> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String prefix : old ? fresh ? List.of("o", "n") : List.of("o") : List.of("n")) {
            for (int i = 0; i < columns.size(); i++) {
                arrays.add("?::" + arrayType(columns.get(i)));
                names.add(prefix + i);
            }
        }
        if (counts) {
            arrays.add("?::int[]");
            names.add("copies");
        }
        return "unnest(" + String.join(", ", arrays) + ") AS d(" + String.join(", ", names) + ")";
    }

    /**
     * The type of the array parameter a column's values travel in: an array of the column's own type, so that
     * {@code array_in} parses each element with the type's input function (one parse, no text value and cast per
     * element: a 5,000-row update of (bigint, text, numeric(12,2), timestamptz) took 59 instead of 70 ms on the
     * server), else {@code text[]}.
     */
    static String arrayType(UpstreamColumn column) {
        return travelsAsText(column) ? "text[]" : column.typeName() + "[]";
    }

    /** Array-typed columns (an array of arrays would be one flattened array) and {@code box} (elements split by ;). */
    private static boolean travelsAsText(UpstreamColumn column) {
        return column.typeName().endsWith("[]") || column.typeOid() == BOX;
    }

    private String names() {
        return columns.stream().map(col -> Sql.ident(col.name())).collect(Collectors.joining(", "));
    }

    private String casts(String prefix) {
        return IntStream.range(0, columns.size()).mapToObj(i -> cast(prefix + i, columns.get(i)))
                .collect(Collectors.joining(", "));
    }

    private static String cast(String expression, UpstreamColumn column) {
        return "CAST(" + expression + " AS " + column.typeName() + ")";
    }
}
