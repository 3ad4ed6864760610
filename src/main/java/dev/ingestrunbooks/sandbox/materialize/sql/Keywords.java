package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The subset of Materialize's reserved and non-reserved keywords that the emulator's parser meets.
 *
 * <p>Used only to render tokens in error messages the way Materialize does (a keyword prints as itself in upper
 * case, any other word as {@code identifier "x"}). Limit: the list is not Materialize's full keyword list
 * ({@code src/sql-lexer/src/keywords.txt}); a rare keyword missing here renders as an identifier.
 */
final class Keywords {
    private static final Set<String> KEYWORDS = Set.of(
            "add", "all", "alter", "as", "authority", "availability", "aws", "begin", "by", "cascade", "certificate",
            "cluster", "clusters", "columns", "commit", "connection", "connections", "create", "database", "delete",
            "drop", "exclude", "exists", "expose", "factor", "for", "from", "host", "if", "having",
            "in", "index", "insert",
            "into", "join", "key", "like", "managed", "materialized", "mode", "name", "not", "on", "password", "port",
            "postgres", "privatelink", "progress", "publication", "replica", "replicas", "replication", "reset",
            "restrict", "rollback", "schema", "schemas", "secret", "secrets", "select", "service", "set", "show", "size",
            "source", "sources", "ssh", "ssl", "subsource", "subsources", "table", "tables", "text", "to", "tunnel",
            "update", "user", "validate", "view", "where", "with", "zones");

    /** Reserved words: never accepted where an identifier is expected (unless quoted). */
    private static final Set<String> RESERVED = Set.of("all", "and", "as", "by", "create", "for", "from", "group",
            "having", "in", "into", "join", "like", "limit", "not", "on", "or", "order", "select", "union", "using",
            "where", "with");

    private Keywords() {
    }

    /** True if {@code word} cannot be an unquoted identifier. */
    static boolean isReserved(String word) {
        return RESERVED.contains(word.toLowerCase(Locale.ROOT));
    }

    /** True if {@code word} is a keyword Materialize would print as itself. */
    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word.toLowerCase(Locale.ROOT)) || isReserved(word);
    }
}
