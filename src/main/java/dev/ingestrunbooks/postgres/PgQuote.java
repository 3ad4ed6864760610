package dev.ingestrunbooks.postgres;

/**
 * Quoting of identifiers and string literals for SQL sent to PostgreSQL or Materialize, the one place that does it.
 * Literals assume {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1, and Materialize's only
 * mode), where a backslash is an ordinary character and only the quote is doubled.
 */
public final class PgQuote {

    private PgQuote() {
    }

    /** Always quotes: {@code na"me} becomes {@code "na""me"}; the name keeps its case. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** As {@code format('%I', name)}: quotes only a name that is not a plain lower-case identifier. */
    public static String identIfNeeded(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : ident(name);
    }

    /** {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
