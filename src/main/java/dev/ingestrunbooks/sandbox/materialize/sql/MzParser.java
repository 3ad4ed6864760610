package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ConnectionType;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ObjectType;
import java.util.List;

/**
 * Recursive-descent parser for the Materialize statements the ingest guides run (docs/materialize.md §2): secrets,
 * connections ({@code ALTER CONNECTION … ROTATE KEYS} only), clusters, {@code SET cluster}, {@code DROP},
 * {@code VALIDATE CONNECTION}; sources and
 * {@code SHOW} are delegated to {@link SourceParser} and {@link ShowParser}.
 *
 * <p>Callers decide first (with {@link MaterializeStatements}) that a statement is Materialize-specific;
 * this parser then either returns its {@link MzStatement} or throws Materialize's syntax error.
 */
public final class MzParser {
    private final TokenCursor cursor;
    private final OptionParser options;

    private MzParser(String sql) {
        this.cursor = new TokenCursor(sql);
        this.options = new OptionParser(cursor);
    }

    /** Parses one Materialize statement (an optional trailing semicolon allowed). */
    public static MzStatement parse(String sql) {
        MzParser parser = new MzParser(sql);
        MzStatement statement = parser.statement();
        parser.cursor.expectEnd();
        return statement;
    }

    private MzStatement statement() {
        String verb = cursor.expectOneOf("create", "alter", "drop", "validate", "set", "show");
        return switch (verb) {
            case "CREATE" -> create();
            case "ALTER" -> alter();
            case "DROP" -> drop();
            case "VALIDATE" -> validate();
            case "SET" -> setCluster();
            default -> new ShowParser(cursor).show();
        };
    }

    private MzStatement create() {
        if (MaterializeStatements.createsView(cursor)) {
            return new ViewParser(cursor).create();
        }
        String what = cursor.expectOneOf("secret", "connection", "cluster", "source", "schema");
        return switch (what) {
            case "SCHEMA" -> new MzStatement.CreateSchema(cursor.acceptKeywords("if", "not", "exists"),
                    cursor.qualifiedName());
            case "SECRET" -> createSecret();
            case "CONNECTION" -> createConnection();
            case "CLUSTER" -> createCluster();
            default -> new SourceParser(cursor, options).createSource();
        };
    }

    private MzStatement createSecret() {
        boolean ifNotExists = cursor.acceptKeywords("if", "not", "exists");
        QualifiedName name = cursor.qualifiedName();
        cursor.expectKeywords("as");
        return new MzStatement.CreateSecret(ifNotExists, name, cursor.stringLiteral());
    }

    private MzStatement createConnection() {
        boolean ifNotExists = cursor.acceptKeywords("if", "not", "exists");
        QualifiedName name = cursor.qualifiedName();
        cursor.expectKeywords("to");
        ConnectionType type = switch (cursor.expectOneOf("postgres", "aws", "ssh")) {
            case "POSTGRES" -> ConnectionType.POSTGRES;
            case "AWS" -> {
                cursor.expectKeywords("privatelink");
                yield ConnectionType.AWS_PRIVATELINK;
            }
            default -> {
                cursor.expectKeywords("tunnel");
                yield ConnectionType.SSH_TUNNEL;
            }
        };
        List<MzOption> opts = options.parenthesized(OptionParser.CONNECTION);
        return new MzStatement.CreateConnection(ifNotExists, name, type, opts,
                options.optionalWith(OptionParser.CONNECTION_WITH));
    }

    private MzStatement createCluster() {
        String name = cursor.identifier();
        return new MzStatement.CreateCluster(name, clusterOptions());
    }

    private List<MzOption> clusterOptions() {
        if (cursor.peek() != null && cursor.peek().kind() == Token.Kind.LPAREN) {
            return options.parenthesized(OptionParser.CLUSTER);
        }
        return options.list(OptionParser.CLUSTER);
    }

    private MzStatement alter() {
        String what = cursor.expectOneOf("cluster", "source", "secret", "connection");
        if ("CONNECTION".equals(what)) {
            boolean ifExists = cursor.acceptKeywords("if", "exists");
            QualifiedName name = cursor.qualifiedName();
            cursor.expectKeywords("rotate", "keys");
            return new MzStatement.AlterConnectionRotateKeys(ifExists, name);
        }
        if ("SOURCE".equals(what)) {
            return new SourceParser(cursor, options).alterSource();
        }
        if ("SECRET".equals(what)) {
            boolean ifExists = cursor.acceptKeywords("if", "exists");
            QualifiedName name = cursor.qualifiedName();
            cursor.expectKeywords("as");
            return new MzStatement.AlterSecret(ifExists, name, cursor.stringLiteral());
        }
        boolean ifExists = cursor.acceptKeywords("if", "exists");
        String name = cursor.identifier();
        cursor.expectKeywords("set");
        return new MzStatement.AlterClusterSet(ifExists, name, clusterOptions());
    }

    private MzStatement drop() {
        String word = cursor.expectOneOf("source", "connection", "secret", "cluster", "view", "materialized",
                "index", "schema");
        if ("MATERIALIZED".equals(word)) {
            cursor.expectKeywords("view");
        }
        ObjectType type = "MATERIALIZED".equals(word) ? ObjectType.MATERIALIZED_VIEW : ObjectType.valueOf(word);
        boolean ifExists = cursor.acceptKeywords("if", "exists");
        List<QualifiedName> names = cursor.qualifiedNames();
        return new MzStatement.DropObjects(type, ifExists, names, cascade());
    }

    /** {@code [CASCADE | RESTRICT]}, RESTRICT being the default. */
    static boolean cascade(TokenCursor cursor) {
        if (cursor.acceptKeywords("cascade")) {
            return true;
        }
        cursor.acceptKeywords("restrict");
        return false;
    }

    private boolean cascade() {
        return cascade(cursor);
    }

    private MzStatement validate() {
        cursor.expectKeywords("connection");
        return new MzStatement.ValidateConnection(cursor.qualifiedName());
    }

    private MzStatement setCluster() {
        cursor.acceptKeywords("session");
        cursor.expectKeywords("cluster");
        if (!cursor.accept(Token.Kind.EQ) && !cursor.acceptKeywords("to")) {
            throw cursor.expected("equals sign or TO");
        }
        Token t = cursor.peek();
        if (t != null && t.kind() == Token.Kind.STRING) {
            return new MzStatement.SetCluster(cursor.stringLiteral());
        }
        return new MzStatement.SetCluster(cursor.identifier());
    }
}
