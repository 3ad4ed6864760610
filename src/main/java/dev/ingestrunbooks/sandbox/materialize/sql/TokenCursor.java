package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cursor over one statement's tokens with the primitives of a recursive-descent parser, raising Materialize's
 * parser errors ({@code Expected <what>, found <token>|EOF}, SQLSTATE 42601).
 */
final class TokenCursor {
    private final String sql;
    private final List<Token> tokens;
    private int index;

    TokenCursor(String sql) {
        this.sql = sql;
        this.tokens = Lexer.lex(sql);
    }

    /** The next token, or {@code null} at the end. */
    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        int i = index + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    boolean atEnd() {
        return index >= tokens.size();
    }

    boolean peekKeyword(String keyword) {
        Token t = peek();
        return t != null && t.isKeyword(keyword);
    }

    /** Consumes {@code keywords} in sequence if all are next; otherwise consumes nothing. */
    boolean acceptKeywords(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            Token t = peek(i);
            if (t == null || !t.isKeyword(keywords[i])) {
                return false;
            }
        }
        index += keywords.length;
        return true;
    }

    void expectKeywords(String... keywords) {
        for (String keyword : keywords) {
            if (!acceptKeywords(keyword)) {
                throw expected(keyword.toUpperCase());
            }
        }
    }

    /** Consumes and returns whichever of {@code keywords} is next (upper case). */
    String expectOneOf(String... keywords) {
        for (String keyword : keywords) {
            if (acceptKeywords(keyword)) {
                return keyword.toUpperCase();
            }
        }
        throw expected("one of " + Arrays.stream(keywords).map(String::toUpperCase)
                .collect(Collectors.joining(" or ")));
    }

    boolean accept(Token.Kind kind) {
        Token t = peek();
        if (t != null && t.kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    void expect(Token.Kind kind, String description) {
        if (!accept(kind)) {
            throw expected(description);
        }
    }

    /** An identifier (quoted or not; keywords count, as Materialize accepts non-reserved ones). */
    String identifier() {
        Token t = peek();
        if (t == null || !t.isIdentifier()) {
            throw expected("identifier");
        }
        index++;
        return t.text();
    }

    QualifiedName qualifiedName() {
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (accept(Token.Kind.DOT)) {
            parts.add(identifier());
        }
        return new QualifiedName(parts);
    }

    List<QualifiedName> qualifiedNames() {
        List<QualifiedName> names = new ArrayList<>();
        do {
            names.add(qualifiedName());
        } while (accept(Token.Kind.COMMA));
        return names;
    }

    String stringLiteral() {
        Token t = peek();
        if (t == null || t.kind() != Token.Kind.STRING) {
            throw expected("literal string");
        }
        index++;
        return t.text();
    }

    /** The SQL text from the next token to the end of the statement (without a trailing semicolon). */
    String restOfStatement() {
        if (atEnd()) {
            throw expected("expression");
        }
        int start = peek().offset();
        int end = sql.length();
        for (int i = index; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Token.Kind.SEMICOLON) {
                end = tokens.get(i).offset();
                index = i;
                return sql.substring(start, end).strip();
            }
        }
        index = tokens.size();
        return sql.substring(start, end).strip();
    }

    /**
     * {@code ( item, … )} as the SQL text of each top-level item (expressions kept as written, nested parentheses
     * and their commas included).
     */
    List<String> parenthesizedTexts() {
        expect(Token.Kind.LPAREN, "left parenthesis");
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = -1;
        while (true) {
            Token t = peek();
            if (t == null) {
                throw expected("right parenthesis");
            }
            boolean closes = t.kind() == Token.Kind.RPAREN && depth == 0;
            if (closes || (t.kind() == Token.Kind.COMMA && depth == 0)) {
                if (start < 0) {
                    throw expected("expression");
                }
                items.add(sql.substring(start, t.offset()).strip());
                start = -1;
                index++;
                if (closes) {
                    return items;
                }
                continue;
            }
            if (start < 0) {
                start = t.offset();
            }
            depth += t.kind() == Token.Kind.LPAREN ? 1 : t.kind() == Token.Kind.RPAREN ? -1 : 0;
            index++;
        }
    }

    /** Requires the end of the statement (an optional trailing semicolon). */
    void expectEnd() {
        accept(Token.Kind.SEMICOLON);
        if (!atEnd()) {
            throw expected("end of statement");
        }
    }

    MzException expected(String what) {
        Token t = peek();
        return MzErrors.expected(what, t == null ? "EOF" : t.describe(), t == null ? sql.length() : t.offset());
    }
}
