package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.Locale;

/**
 * One lexical token of Materialize SQL, with its byte-free character offset in the statement text.
 *
 * <p>{@code text} is the folded identifier (unquoted words are lower-cased as PostgreSQL does), the unescaped
 * string literal, the number as written, or the operator/punctuation. {@link #describe()} renders the token the
 * way Materialize's parser names it in {@code Expected …, found …} messages ({@code src/sql-lexer/src/lexer.rs}).
 *
 * @param kind   the token class
 * @param text   the token value as described above
 * @param offset character offset of the token's first character
 */
public record Token(Kind kind, String text, int offset) {

    /** Token classes; {@code WORD} is an unquoted identifier or keyword. */
    public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, OPERATOR, EQ, STAR, LPAREN, RPAREN, LBRACKET, RBRACKET,
        DOT, COMMA, COLON, DOUBLE_COLON, SEMICOLON, PARAMETER }

    /** True if this is the unquoted word {@code keyword} (case-insensitive). */
    public boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True for tokens that can name an object: quoted identifiers and unquoted words that are not reserved. */
    public boolean isIdentifier() {
        return kind == Kind.QUOTED_IDENT || (kind == Kind.WORD && !Keywords.isReserved(text));
    }

    /** How Materialize's parser names this token, e.g. {@code identifier "foo"}, {@code TABLES}, {@code comma}. */
    public String describe() {
        return switch (kind) {
            case WORD -> Keywords.isKeyword(text) ? text.toUpperCase(Locale.ROOT) : "identifier " + quoted(text);
            case QUOTED_IDENT -> "identifier " + quoted(text);
            case STRING -> "string literal " + quoted(text);
            case NUMBER -> "number \"" + text + "\"";
            case PARAMETER -> "parameter \"" + text + "\"";
            case OPERATOR -> "operator " + quoted(text);
            case EQ -> "equals sign";
            case STAR -> "star";
            case LPAREN -> "left parenthesis";
            case RPAREN -> "right parenthesis";
            case LBRACKET -> "left square bracket";
            case RBRACKET -> "right square bracket";
            case DOT -> "dot";
            case COMMA -> "comma";
            case COLON -> "colon";
            case DOUBLE_COLON -> "double colon";
            case SEMICOLON -> "semicolon";
        };
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
