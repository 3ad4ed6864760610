package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.pgwire.Column;
import dev.ingestrunbooks.sandbox.materialize.pgwire.IntervalText;
import dev.ingestrunbooks.sandbox.materialize.pgwire.PgTypes;
import dev.ingestrunbooks.sandbox.materialize.pgwire.StatementResult;
import dev.ingestrunbooks.sandbox.materialize.sql.Lexer;
import dev.ingestrunbooks.sandbox.materialize.sql.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where the backing PostgreSQL's answers differ from Materialize's for the same data (docs/materialize.md §7), the
 * forwarded SQL and its results are adjusted:
 * <ul>
 *   <li>{@code pg_typeof(x)} (also {@code pg_catalog.pg_typeof}) calls {@link #TYPEOF_FUNCTION} instead, a backing
 *       function that returns Materialize's type name as {@code text}: {@code time}, {@code timestamp} (and their
 *       arrays) where PostgreSQL says {@code … without time zone}; everything else as PostgreSQL names it.</li>
 *   <li>{@code interval} and {@code interval[]} values are re-written in Materialize's format
 *       ({@code 1 year 2 months 3 days 04:05:06}, {@link IntervalText}).</li>
 * </ul>
 * Limits: the call is found by its tokens, so only the unquoted function name is rewritten; an untyped literal or
 * NULL argument is typed {@code text} by the backing function (PostgreSQL and Materialize say {@code unknown}).
 */
final class MaterializeTypes {

    /** The backing function that answers {@code pg_typeof}; created by the emulator at start. */
    static final String TYPEOF_FUNCTION = "mz_internal.pg_typeof";

    /** Its definition: PostgreSQL's name with Materialize's short forms of the time types. */
    static final String TYPEOF_DEFINITION = "CREATE OR REPLACE FUNCTION " + TYPEOF_FUNCTION + "(anyelement)"
            + " RETURNS text LANGUAGE sql STABLE AS $$ SELECT regexp_replace(regexp_replace("
            + "pg_catalog.pg_typeof($1)::text, '^(time|timestamp) without time zone', '\\1'), '^\"char\"', 'char')"
            + " $$";

    private MaterializeTypes() {
    }

    /** {@code sql} with its {@code pg_typeof(…)} calls going to {@link #TYPEOF_FUNCTION}. */
    static String rewrite(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("pg_typeof")) {
            return sql;
        }
        List<Token> tokens;
        try {
            tokens = Lexer.lex(sql);
        } catch (MzException e) {
            return sql; // the backing database reports what is wrong
        }
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token name = tokens.get(i);
            if (!name.isKeyword("pg_typeof") || tokens.get(i + 1).kind() != Token.Kind.LPAREN) {
                continue;
            }
            int start = name.offset();
            if (i >= 2 && tokens.get(i - 1).kind() == Token.Kind.DOT) {
                if (!tokens.get(i - 2).isKeyword("pg_catalog")) {
                    continue; // another schema's pg_typeof
                }
                start = tokens.get(i - 2).offset();
            }
            out.append(sql, copied, start).append(TYPEOF_FUNCTION);
            copied = name.offset() + "pg_typeof".length();
        }
        return copied == 0 ? sql : out.append(sql.substring(copied)).toString();
    }

    /** {@code results} with Materialize's value texts. */
    static List<StatementResult> adapt(List<StatementResult> results) {
        List<StatementResult> adapted = new ArrayList<>(results.size());
        results.forEach(r -> adapted.add(adapt(r)));
        return adapted;
    }

    /** {@code result} with Materialize's value texts (intervals). */
    static StatementResult adapt(StatementResult result) {
        if (!(result instanceof StatementResult.Rows rows)) {
            return result;
        }
        List<Column> columns = rows.columns();
        List<UnaryOperator<String>> converters = new ArrayList<>(columns.size());
        boolean any = false;
        for (Column column : columns) {
            UnaryOperator<String> converter = switch (column.typeOid()) {
                case PgTypes.INTERVAL -> IntervalText::toMaterialize;
                case PgTypes.INTERVAL_ARRAY -> text -> mapArrayElements(text, IntervalText::toMaterialize);
                default -> null;
            };
            any |= converter != null;
            converters.add(converter);
        }
        if (!any) {
            return result;
        }
        List<byte[][]> converted = new ArrayList<>(rows.rows().size());
        for (byte[][] row : rows.rows()) {
            byte[][] copy = row.clone();
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] != null && converters.get(i) != null) {
                    copy[i] = converters.get(i).apply(new String(copy[i], StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            converted.add(copy);
        }
        return new StatementResult.Rows(columns, converted, rows.tag());
    }

    /**
     * An array's text output ({@code {a,"b c",NULL}}, nested for more dimensions, maybe after bounds such as
     * {@code [0:1]=}) with {@code element} applied to every non-NULL element and the result quoted by array_out's
     * rule (quotes when empty, {@code NULL}, or containing braces, comma, quote, backslash or white space).
     */
    static String mapArrayElements(String text, UnaryOperator<String> element) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        int brace = text.indexOf('{');
        if (brace < 0) {
            return text;
        }
        out.append(text, 0, brace);
        i = brace;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' || c == '}' || c == ',' || Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            }
            StringBuilder value = new StringBuilder();
            boolean quoted = c == '"';
            if (quoted) {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\') {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && ",}".indexOf(text.charAt(i)) < 0) {
                    value.append(text.charAt(i++));
                }
            }
            String raw = value.toString();
            out.append(!quoted && raw.equals("NULL") ? raw : quote(element.apply(raw)));
        }
        return out.toString();
    }

    private static String quote(String element) {
        boolean needs = element.isEmpty() || element.equalsIgnoreCase("NULL");
        for (int i = 0; i < element.length() && !needs; i++) {
            char c = element.charAt(i);
            needs = "{},\"\\".indexOf(c) >= 0 || Character.isWhitespace(c);
        }
        return needs ? '"' + element.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : element;
    }
}
