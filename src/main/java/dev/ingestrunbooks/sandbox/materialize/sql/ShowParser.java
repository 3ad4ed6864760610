package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ShowTarget;
import java.util.List;
import java.util.Optional;

/**
 * Parses the Materialize {@code SHOW} forms of docs/materialize.md §2.11 (after the {@code SHOW} keyword):
 * {@code SOURCES [FROM s] [IN CLUSTER c]}, {@code SUBSOURCES [ON src | FROM s]}, {@code CONNECTIONS},
 * {@code SECRETS}, {@code CLUSTERS}, {@code CLUSTER REPLICAS}, {@code VIEWS}, {@code MATERIALIZED VIEWS
 * [IN CLUSTER c]}, {@code INDEXES [ON x] [IN CLUSTER c]}, each with {@code LIKE 'p'} or {@code WHERE expr};
 * and {@code SHOW cluster} (the session variable).
 */
final class ShowParser {
    private final TokenCursor cursor;

    ShowParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    MzStatement show() {
        if (cursor.peekKeyword("cluster") && (cursor.peek(1) == null
                || cursor.peek(1).kind() == Token.Kind.SEMICOLON)) {
            cursor.acceptKeywords("cluster");
            return new MzStatement.ShowCluster();
        }
        ShowTarget target = target();
        Optional<QualifiedName> on = Optional.empty();
        Optional<QualifiedName> from = Optional.empty();
        Optional<String> inCluster = Optional.empty();
        if ((target == ShowTarget.SUBSOURCES || target == ShowTarget.INDEXES) && cursor.acceptKeywords("on")) {
            on = Optional.of(cursor.qualifiedName());
        }
        if (cursor.acceptKeywords("from")) {
            from = Optional.of(cursor.qualifiedName());
        }
        if (List.of(ShowTarget.SOURCES, ShowTarget.MATERIALIZED_VIEWS, ShowTarget.INDEXES).contains(target)
                && cursor.acceptKeywords("in", "cluster")) {
            inCluster = Optional.of(cursor.identifier());
        }
        Optional<String> like = Optional.empty();
        Optional<String> where = Optional.empty();
        if (cursor.acceptKeywords("like")) {
            like = Optional.of(cursor.stringLiteral());
        } else if (cursor.acceptKeywords("where")) {
            where = Optional.of(cursor.restOfStatement());
        }
        return new MzStatement.Show(target, on, from, inCluster, like, where);
    }

    private ShowTarget target() {
        String word = cursor.expectOneOf("sources", "subsources", "connections", "secrets", "clusters", "cluster",
                "views", "materialized", "indexes");
        if ("MATERIALIZED".equals(word)) {
            cursor.expectKeywords("views");
            return ShowTarget.MATERIALIZED_VIEWS;
        }
        if ("CLUSTER".equals(word)) {
            cursor.expectKeywords("replicas");
            return ShowTarget.CLUSTER_REPLICAS;
        }
        return ShowTarget.valueOf(word);
    }
}
