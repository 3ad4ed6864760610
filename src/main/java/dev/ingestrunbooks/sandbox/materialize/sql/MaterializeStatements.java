package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.sql.Classified.PlainKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the SQL layer: splits a simple-query string into statements and classifies each as a
 * Materialize statement (parsed into {@link MzStatement}) or plain SQL for the backing PostgreSQL.
 *
 * <p>Classification looks at the leading keywords only (from real tokens, so comments and case do not matter);
 * once a statement is recognized as Materialize's, a syntax error in it is Materialize's error (42601), never a
 * fallback to PostgreSQL.
 */
public final class MaterializeStatements {
    /** Second words of Materialize SHOW forms that are neither parsed here nor PostgreSQL settings. */
    private static final List<String> MZ_SHOW_TARGETS = List.of("tables", "columns", "create", "objects",
            "schemas", "databases", "roles", "sinks", "types", "privileges",
            "default", "role", "network");

    private MaterializeStatements() {
    }

    /** Classifies one statement. Throws {@code MzException} for lexical errors and Materialize syntax errors. */
    public static Classified classify(String sql) {
        List<Token> tokens = new ArrayList<>(Lexer.lex(sql));
        tokens.removeIf(t -> t.kind() == Token.Kind.SEMICOLON);
        if (tokens.isEmpty()) {
            return new Classified.Empty();
        }
        if (isMaterialize(tokens)) {
            return new Classified.Materialize(MzParser.parse(sql));
        }
        return new Classified.PlainSql(sql, plainKind(tokens));
    }

    /** Splits a simple-query string at top-level semicolons (not inside literals or comments). */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        for (Token t : Lexer.lex(sql)) {
            if (t.kind() == Token.Kind.SEMICOLON) {
                addIfNotBlank(statements, sql.substring(start, t.offset()));
                start = t.offset() + 1;
            }
        }
        addIfNotBlank(statements, sql.substring(start));
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, String statement) {
        if (!Lexer.lex(statement).isEmpty()) {
            statements.add(statement.strip());
        }
    }

    private static boolean isMaterialize(List<Token> tokens) {
        String first = word(tokens, 0);
        String second = word(tokens, 1);
        return switch (first) {
            case "create" -> List.of("secret", "connection", "cluster", "source", "schema").contains(second)
                    || createsView(tokens);
            case "alter" -> List.of("cluster", "source", "secret", "connection").contains(second);
            case "drop" -> List.of("secret", "connection", "cluster", "source", "view", "materialized", "index",
                    "schema")
                    .contains(second);
            case "validate" -> true;
            case "set" -> "cluster".equals(second) || ("session".equals(second) && "cluster".equals(word(tokens, 2)));
            case "show" -> List.of("sources", "subsources", "connections", "secrets", "clusters", "cluster",
                    "views", "materialized", "indexes").contains(second);
            default -> false;
        };
    }

    /**
     * Whether tokens after {@code CREATE} start a view, materialized view or index that the emulator records:
     * {@code [OR REPLACE] [MATERIALIZED] VIEW}, {@code [DEFAULT] INDEX}; temporary views stay plain SQL.
     */
    private static boolean createsView(List<Token> tokens) {
        int i = word(tokens, 1).equals("or") && word(tokens, 2).equals("replace") ? 3 : 1;
        return switch (word(tokens, i)) {
            case "view", "index" -> true;
            case "materialized" -> word(tokens, i + 1).equals("view");
            case "default" -> i == 1 && word(tokens, 2).equals("index");
            default -> false;
        };
    }

    /** {@link #createsView(List)} for the parser, positioned after {@code CREATE}. */
    static boolean createsView(TokenCursor cursor) {
        List<Token> ahead = new ArrayList<>();
        ahead.add(null);
        for (int i = 0; i < 4 && cursor.peek(i) != null; i++) {
            ahead.add(cursor.peek(i));
        }
        return createsView(ahead);
    }

    private static PlainKind plainKind(List<Token> tokens) {
        String first = word(tokens, 0);
        return switch (first) {
            case "select", "with", "values", "table", "explain" -> PlainKind.QUERY;
            case "begin", "start", "commit", "rollback", "end", "abort" -> PlainKind.TRANSACTION;
            case "subscribe" -> PlainKind.SUBSCRIBE;
            case "create" -> createKind(tokens);
            case "show" -> MZ_SHOW_TARGETS.contains(word(tokens, 1)) ? PlainKind.MATERIALIZE_SHOW : PlainKind.OTHER;
            default -> PlainKind.OTHER;
        };
    }

    private static PlainKind createKind(List<Token> tokens) {
        int i = 1;
        if (word(tokens, i).equals("or") && word(tokens, i + 1).equals("replace")) {
            i += 2;
        }
        while (List.of("temp", "temporary", "default", "unique").contains(word(tokens, i))) {
            i++;
        }
        return switch (word(tokens, i)) {
            case "view" -> PlainKind.CREATE_VIEW;
            case "table" -> tokens.stream().anyMatch(t -> t.isKeyword("source")) && hasFromSource(tokens)
                    ? PlainKind.CREATE_TABLE_FROM_SOURCE : PlainKind.OTHER;
            default -> PlainKind.OTHER;
        };
    }

    private static boolean hasFromSource(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isKeyword("from") && tokens.get(i + 1).isKeyword("source")) {
                return true;
            }
        }
        return false;
    }

    private static String word(List<Token> tokens, int index) {
        if (index >= tokens.size() || tokens.get(index) == null || tokens.get(index).kind() != Token.Kind.WORD) {
            return "";
        }
        return tokens.get(index).text();
    }
}
