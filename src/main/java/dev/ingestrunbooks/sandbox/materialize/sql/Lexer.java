package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into {@link Token}s following PostgreSQL's lexical rules as Materialize implements them
 * ({@code src/sql-lexer/src/lexer.rs}): {@code --} and nested {@code /* *}{@code /} comments, {@code ''} escapes,
 * {@code E''} escapes, dollar quoting, quoted identifiers with {@code ""}, case folding of unquoted words.
 *
 * <p>Limits: hex strings ({@code X'..'}) and the adjacent-string-across-newline rule are not supported.
 * Errors carry Materialize's lexer texts and SQLSTATE 42601.
 */
public final class Lexer {
    private final String sql;
    private int pos;
    /** Offset of the token being lexed: where Materialize places lexical errors. */
    private int tokenStart;

    private Lexer(String sql) {
        this.sql = sql;
    }

    /** Lexes {@code sql} into tokens; throws {@code MzException} (42601) on lexical errors. */
    public static List<Token> lex(String sql) {
        return new Lexer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = pos;
            tokenStart = pos;
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < sql.length() && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                pos++;
                tokens.add(new Token(Token.Kind.STRING, plainString(), start));
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                pos += 2;
                tokens.add(new Token(Token.Kind.STRING, extendedString(), start));
            } else if (c == '"') {
                tokens.add(new Token(Token.Kind.QUOTED_IDENT, quotedIdent(), start));
            } else if (Character.isLetter(c) || c == '_' || c > 0x7f) {
                tokens.add(new Token(Token.Kind.WORD, word().toLowerCase(Locale.ROOT), start));
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                tokens.add(new Token(Token.Kind.NUMBER, number(), start));
            } else if (c == '$') {
                tokens.add(dollar(start));
            } else {
                tokens.add(punctuation(c, start));
            }
        }
        return tokens;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void skipBlockComment() {
        int depth = 0;
        pos += 2;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '*' && peek(1) == '/') {
                pos += 2;
                if (depth-- == 0) {
                    return;
                }
            } else if (sql.charAt(pos) == '/' && peek(1) == '*') {
                pos += 2;
                depth++;
            } else {
                pos++;
            }
        }
        throw MzErrors.syntax("unterminated multiline comment", tokenStart);
    }

    private String plainString() {
        StringBuilder s = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\'') {
                if (peek(0) != '\'') {
                    return s.toString();
                }
                pos++;
            }
            s.append(c);
        }
        throw MzErrors.syntax("unterminated quoted string", tokenStart);
    }

    private String extendedString() {
        StringBuilder s = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\'' && peek(0) == '\'') {
                pos++;
            } else if (c == '\'') {
                return s.toString();
            } else if (c == '\\' && pos < sql.length()) {
                c = escape(sql.charAt(pos++));
            }
            s.append(c);
        }
        throw MzErrors.syntax("unterminated quoted string", tokenStart);
    }

    private char escape(char c) {
        int at = pos - 2;
        return switch (c) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'x' -> throw MzErrors.syntax("hexadecimal escapes are not supported", at);
            case '0', '1', '2', '3', '4', '5', '6', '7' ->
                    throw MzErrors.syntax("octal escapes are not supported", at);
            default -> c;
        };
    }

    private String quotedIdent() {
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '"') {
                if (peek(0) != '"') {
                    return s.toString();
                }
                pos++;
            } else if (c == '\0') {
                throw MzErrors.syntax("null character in quoted identifier", tokenStart);
            }
            s.append(c);
        }
        throw MzErrors.syntax("unterminated quoted identifier", tokenStart);
    }

    private String word() {
        int start = pos;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f)) {
                break;
            }
            pos++;
        }
        return sql.substring(start, pos);
    }

    private String number() {
        int start = pos;
        while (Character.isDigit(peek(0))) {
            pos++;
        }
        if (peek(0) == '.') {
            pos++;
            while (Character.isDigit(peek(0))) {
                pos++;
            }
        }
        if ((peek(0) == 'e' || peek(0) == 'E') && (Character.isDigit(peek(1))
                || ((peek(1) == '-' || peek(1) == '+') && Character.isDigit(peek(2))))) {
            pos += 2;
            while (Character.isDigit(peek(0))) {
                pos++;
            }
        }
        return sql.substring(start, pos);
    }

    private Token dollar(int start) {
        if (Character.isDigit(peek(1))) {
            pos++;
            while (Character.isDigit(peek(0))) {
                pos++;
            }
            return new Token(Token.Kind.PARAMETER, sql.substring(start, pos), start);
        }
        int tagEnd = sql.indexOf('$', pos + 1);
        if (tagEnd < 0) {
            throw MzErrors.syntax("unterminated dollar-quoted string", tokenStart);
        }
        String tag = sql.substring(pos, tagEnd + 1);
        int end = sql.indexOf(tag, tagEnd + 1);
        if (end < 0) {
            throw MzErrors.syntax("unterminated dollar-quoted string", tokenStart);
        }
        pos = end + tag.length();
        return new Token(Token.Kind.STRING, sql.substring(tagEnd + 1, end), start);
    }

    private Token punctuation(char c, int start) {
        pos++;
        Token.Kind kind = switch (c) {
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '[' -> Token.Kind.LBRACKET;
            case ']' -> Token.Kind.RBRACKET;
            case ',' -> Token.Kind.COMMA;
            case '.' -> Token.Kind.DOT;
            case ';' -> Token.Kind.SEMICOLON;
            case ':' -> {
                if (peek(0) == ':') {
                    pos++;
                    yield Token.Kind.DOUBLE_COLON;
                }
                yield Token.Kind.COLON;
            }
            default -> null;
        };
        if (kind != null) {
            return new Token(kind, String.valueOf(c), start);
        }
        return operator(c, start);
    }

    private Token operator(char c, int start) {
        if ("+-*/<>=~!@#%^&|`?".indexOf(c) < 0) {
            throw MzErrors.syntax("unexpected character in input: " + c, tokenStart);
        }
        while (pos < sql.length() && "+-*/<>=~!@#%^&|`?".indexOf(sql.charAt(pos)) >= 0
                && !(sql.startsWith("--", pos) || sql.startsWith("/*", pos))) {
            pos++;
        }
        String op = sql.substring(start, pos);
        return switch (op) {
            case "=" -> new Token(Token.Kind.EQ, op, start);
            case "*" -> new Token(Token.Kind.STAR, op, start);
            case "!=" -> new Token(Token.Kind.OPERATOR, "<>", start);
            default -> new Token(Token.Kind.OPERATOR, op, start);
        };
    }
}
