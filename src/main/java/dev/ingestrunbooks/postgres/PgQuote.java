package dev.ingestrunbooks.postgres;

import java.util.List;

/**
 * Quoting of identifiers and string literals for SQL sent to PostgreSQL or Materialize, the one place that does it.
 * Literals assume {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1, and Materialize's only
 * mode), where a backslash is an ordinary character and only the quote is doubled. Array literals have their own
 * syntax inside the value ({@link #arrayLiteral}), where a backslash escapes.
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

    /**
     * An array literal of text forms, {@code {"v1",NULL,…}}: every value double-quoted with {@code \} and {@code "}
     * escaped, so that no element is read as NULL or split, whatever it holds; a null is the unquoted {@code NULL}.
     * Typed by a cast ({@code ?::bigint[]}), each element is read by the type's input function.
     */
    public static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(values.size() * 16).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            String value = values.get(i);
            if (value == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            for (int k = 0; k < value.length(); k++) {
                char ch = value.charAt(k);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
