package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.sql.Lexer;
import dev.ingestrunbooks.sandbox.materialize.sql.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations a statement may name, as catalog keys ({@link MzCatalog#key}: the bare name in {@code public},
 * {@code schema.name} elsewhere), read from its tokens without planning it: a bare identifier is a name in
 * {@code public}; in a dotted chain each adjacent pair is a {@code schema.name} candidate, so {@code other.t1},
 * {@code materialize.other.t1} and {@code other.t1.f1} all name {@code other.t1} and never {@code public}'s
 * {@code t1}. An over-approximation (a column named like a relation counts too), used to find the subsources a read
 * or a view depends on.
 */
final class RelationReferences {

    private RelationReferences() {
    }

    /** The candidate keys; empty when the text does not lex as Materialize SQL. */
    static Set<String> in(String sql) {
        List<Token> tokens;
        try {
            tokens = Lexer.lex(sql);
        } catch (MzException e) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        int i = 0;
        while (i < tokens.size()) {
            if (!tokens.get(i).isIdentifier()) {
                i++;
                continue;
            }
            List<String> chain = new ArrayList<>(List.of(tokens.get(i).text()));
            int next = i + 1;
            while (next + 1 < tokens.size() && tokens.get(next).kind() == Token.Kind.DOT
                    && tokens.get(next + 1).isIdentifier()) {
                chain.add(tokens.get(next + 1).text());
                next += 2;
            }
            if (chain.size() == 1) {
                keys.add(MzCatalog.key(null, chain.get(0)));
            }
            for (int k = 0; k + 1 < chain.size(); k++) {
                keys.add(MzCatalog.key(chain.get(k), chain.get(k + 1)));
            }
            i = next;
        }
        return keys;
    }
}
