package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.List;
import java.util.Optional;

/**
 * Parses {@code CREATE [OR REPLACE] [MATERIALIZED] VIEW …} and {@code CREATE [DEFAULT] INDEX …} after the leading
 * {@code CREATE} (Materialize's grammar, {@code doc/user/content/sql/create-materialized-view.md},
 * {@code create-index.md}). The SELECT and the index keys are kept as SQL text.
 *
 * <p>Limits: {@code WITH (…)} options (RETAIN HISTORY, REFRESH, ASSERT NOT NULL) are accepted and ignored.
 */
final class ViewParser {
    private final TokenCursor cursor;

    ViewParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    /** After {@code CREATE}: a view, materialized view or index. */
    MzStatement create() {
        boolean orReplace = cursor.acceptKeywords("or", "replace");
        if (!orReplace && (cursor.peekKeyword("default") || cursor.peekKeyword("index"))) {
            return index();
        }
        boolean materialized = cursor.acceptKeywords("materialized");
        cursor.expectKeywords("view");
        boolean ifNotExists = cursor.acceptKeywords("if", "not", "exists");
        QualifiedName name = cursor.qualifiedName();
        List<String> columns = cursor.peek() != null && cursor.peek().kind() == Token.Kind.LPAREN
                ? cursor.parenthesizedTexts() : List.of();
        Optional<String> cluster = Optional.empty();
        if (materialized && cursor.acceptKeywords("in", "cluster")) {
            cluster = Optional.of(cursor.identifier());
        }
        skipWithOptions();
        cursor.expectKeywords("as");
        return new MzStatement.CreateView(orReplace, materialized, ifNotExists, name, columns, cluster,
                cursor.restOfStatement());
    }

    private MzStatement index() {
        boolean defaultIndex = cursor.acceptKeywords("default");
        cursor.expectKeywords("index");
        boolean ifNotExists = cursor.acceptKeywords("if", "not", "exists");
        Optional<String> name = Optional.empty();
        if (!defaultIndex && !cursor.peekKeyword("in") && !cursor.peekKeyword("on")) {
            name = Optional.of(cursor.identifier());
        }
        Optional<String> cluster = Optional.empty();
        if (cursor.acceptKeywords("in", "cluster")) {
            cluster = Optional.of(cursor.identifier());
        }
        cursor.expectKeywords("on");
        QualifiedName on = cursor.qualifiedName();
        cursor.acceptKeywords("using", "arrangement");
        List<String> keys = List.of();
        if (cursor.peek() != null && cursor.peek().kind() == Token.Kind.LPAREN) {
            keys = cursor.parenthesizedTexts();
        } else if (!defaultIndex) {
            throw cursor.expected("left parenthesis");
        }
        skipWithOptions();
        return new MzStatement.CreateIndex(defaultIndex, ifNotExists, name, cluster, on, keys);
    }

    private void skipWithOptions() {
        if (cursor.peekKeyword("with") && cursor.peek(1) != null && cursor.peek(1).kind() == Token.Kind.LPAREN) {
            cursor.acceptKeywords("with");
            cursor.parenthesizedTexts();
        }
    }
}
