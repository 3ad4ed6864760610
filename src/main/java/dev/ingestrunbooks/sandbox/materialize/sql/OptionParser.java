package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses Materialize option lists {@code NAME [=] value, …}, where a name is one or more keywords from a fixed set
 * per statement kind (Materialize's {@code *OptionName} enums) and a value is a literal, an identifier,
 * {@code SECRET name} or a {@code (…)}/{@code […]} list. Unknown names fail as in Materialize:
 * {@code Expected one of A or B …, found …}.
 */
final class OptionParser {
    /** Option names of {@code CREATE CONNECTION}, all connection types (type rules are checked when planning). */
    static final List<String> CONNECTION = List.of("HOST", "PORT", "USER", "PASSWORD", "DATABASE",
            "SSL CERTIFICATE AUTHORITY", "SSL CERTIFICATE", "SSL KEY", "SSL MODE", "AWS PRIVATELINK", "SSH TUNNEL",
            "SERVICE NAME", "AVAILABILITY ZONES", "BROKER", "BROKERS", "URL");
    /** Sub-options of {@code AWS PRIVATELINK x (…)}. */
    static final List<String> PRIVATELINK_REF = List.of("PORT", "AVAILABILITY ZONE");
    /** Option names of {@code CREATE CONNECTION … WITH (…)}. */
    static final List<String> CONNECTION_WITH = List.of("VALIDATE");
    /** Option names of {@code CREATE CLUSTER} and {@code ALTER CLUSTER … SET}. */
    static final List<String> CLUSTER = List.of("SIZE", "REPLICATION FACTOR", "MANAGED", "DISK",
            "AVAILABILITY ZONES", "INTROSPECTION INTERVAL", "INTROSPECTION DEBUGGING");
    /** Option names of {@code FROM POSTGRES CONNECTION c (…)}. */
    static final List<String> PG_SOURCE = List.of("PUBLICATION", "TEXT COLUMNS", "EXCLUDE COLUMNS", "DETAILS");
    /** Option names of {@code CREATE SOURCE … WITH (…)}. */
    static final List<String> SOURCE_WITH = List.of("RETAIN HISTORY", "TIMESTAMP INTERVAL");
    /** Option names of {@code ALTER SOURCE … ADD SUBSOURCE … WITH (…)}. */
    static final List<String> ADD_SUBSOURCE_WITH = List.of("TEXT COLUMNS", "EXCLUDE COLUMNS", "DETAILS");

    private final TokenCursor cursor;

    OptionParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    /** {@code ( option, … )}. */
    List<MzOption> parenthesized(List<String> names) {
        cursor.expect(Token.Kind.LPAREN, "left parenthesis");
        List<MzOption> options = list(names);
        cursor.expect(Token.Kind.RPAREN, "right parenthesis");
        return options;
    }

    /** {@code WITH ( option, … )} if present, else an empty list. */
    List<MzOption> optionalWith(List<String> names) {
        return cursor.acceptKeywords("with") ? parenthesized(names) : List.of();
    }

    /** {@code option, …} without parentheses. */
    List<MzOption> list(List<String> names) {
        List<MzOption> options = new ArrayList<>();
        do {
            options.add(option(names));
        } while (cursor.accept(Token.Kind.COMMA));
        return options;
    }

    private MzOption option(List<String> names) {
        String name = optionName(names);
        if ("AWS PRIVATELINK".equals(name) || "SSH TUNNEL".equals(name)) {
            cursor.accept(Token.Kind.EQ);
            QualifiedName target = cursor.qualifiedName();
            Token next = cursor.peek();
            boolean sub = next != null && next.kind() == Token.Kind.LPAREN;
            return new MzOption(name, new OptionValue.ConnectionRef(target,
                    sub ? parenthesized(PRIVATELINK_REF) : List.of()));
        }
        if ("RETAIN HISTORY".equals(name)) {
            cursor.accept(Token.Kind.EQ);
            cursor.expectKeywords("for");
            return new MzOption(name, value());
        }
        boolean equals = cursor.accept(Token.Kind.EQ);
        Token next = cursor.peek();
        if (equals) {
            return new MzOption(name, value());
        }
        if (next == null || next.kind() == Token.Kind.COMMA || next.kind() == Token.Kind.RPAREN) {
            return new MzOption(name, new OptionValue.Absent());
        }
        return new MzOption(name, value());
    }

    private String optionName(List<String> names) {
        List<String> longestFirst = names.stream()
                .sorted(Comparator.comparingInt((String n) -> n.split(" ").length).reversed()).toList();
        for (String name : longestFirst) {
            if (cursor.acceptKeywords(name.toLowerCase().split(" "))) {
                return name;
            }
        }
        String firstWords = String.join(" or ", names.stream().map(n -> n.split(" ")[0]).distinct().sorted()
                .toList());
        throw cursor.expected("one of " + firstWords);
    }

    /** One option value. */
    OptionValue value() {
        Token t = cursor.peek();
        if (t == null) {
            throw cursor.expected("option value");
        }
        return switch (t.kind()) {
            case STRING -> new OptionValue.Text(cursor.stringLiteral());
            case NUMBER -> {
                cursor.accept(Token.Kind.NUMBER);
                yield new OptionValue.Number(t.text());
            }
            case LPAREN -> list(Token.Kind.LPAREN, Token.Kind.RPAREN, "right parenthesis");
            case LBRACKET -> list(Token.Kind.LBRACKET, Token.Kind.RBRACKET, "right square bracket");
            case WORD, QUOTED_IDENT -> identOrSecret(t);
            default -> throw cursor.expected("option value");
        };
    }

    private OptionValue identOrSecret(Token t) {
        Token after = cursor.peek(1);
        if (t.isKeyword("secret") && after != null && after.isIdentifier()) {
            cursor.acceptKeywords("secret");
            return new OptionValue.SecretRef(cursor.qualifiedName());
        }
        return new OptionValue.Ident(cursor.qualifiedName());
    }

    private OptionValue list(Token.Kind open, Token.Kind close, String closeDescription) {
        cursor.accept(open);
        List<OptionValue> items = new ArrayList<>();
        if (!cursor.accept(close)) {
            do {
                items.add(value());
            } while (cursor.accept(Token.Kind.COMMA));
            cursor.expect(close, closeDescription);
        }
        return new OptionValue.ListOf(items);
    }
}
