package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ForClause;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.TableReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code CREATE SOURCE … FROM POSTGRES CONNECTION …} (legacy FOR syntax and the new form without FOR,
 * docs/materialize.md §2.6–2.7) and {@code ALTER SOURCE … ADD SUBSOURCE | DROP SUBSOURCE} (§2.8), after the leading
 * {@code CREATE SOURCE} / {@code ALTER SOURCE} keywords.
 */
final class SourceParser {
    private final TokenCursor cursor;
    private final OptionParser options;

    SourceParser(TokenCursor cursor, OptionParser options) {
        this.cursor = cursor;
        this.options = options;
    }

    MzStatement createSource() {
        boolean ifNotExists = cursor.acceptKeywords("if", "not", "exists");
        QualifiedName name = cursor.qualifiedName();
        Optional<String> cluster = Optional.empty();
        if (cursor.acceptKeywords("in", "cluster")) {
            cluster = Optional.of(cursor.identifier());
        }
        cursor.expectKeywords("from", "postgres", "connection");
        QualifiedName connection = cursor.qualifiedName();
        List<MzOption> connectionOptions = List.of();
        if (cursor.peek() != null && cursor.peek().kind() == Token.Kind.LPAREN) {
            connectionOptions = options.parenthesized(OptionParser.PG_SOURCE);
        }
        ForClause forClause = forClause();
        Optional<QualifiedName> progress = Optional.empty();
        if (cursor.acceptKeywords("expose", "progress", "as")) {
            progress = Optional.of(cursor.qualifiedName());
        }
        return new MzStatement.CreateSource(ifNotExists, name, cluster, connection, connectionOptions, forClause,
                progress, options.optionalWith(OptionParser.SOURCE_WITH));
    }

    private ForClause forClause() {
        if (!cursor.acceptKeywords("for")) {
            return new ForClause.None();
        }
        String kind = cursor.expectOneOf("all", "tables", "schemas");
        return switch (kind) {
            case "ALL" -> {
                cursor.expectKeywords("tables");
                yield new ForClause.AllTables();
            }
            case "TABLES" -> {
                cursor.expect(Token.Kind.LPAREN, "left parenthesis");
                List<TableReference> tables = tableReferences();
                cursor.expect(Token.Kind.RPAREN, "right parenthesis");
                yield new ForClause.Tables(tables);
            }
            default -> {
                cursor.expect(Token.Kind.LPAREN, "left parenthesis");
                List<String> schemas = new ArrayList<>();
                do {
                    schemas.add(cursor.identifier());
                } while (cursor.accept(Token.Kind.COMMA));
                cursor.expect(Token.Kind.RPAREN, "right parenthesis");
                yield new ForClause.Schemas(schemas);
            }
        };
    }

    private List<TableReference> tableReferences() {
        List<TableReference> tables = new ArrayList<>();
        do {
            QualifiedName upstream = cursor.qualifiedName();
            Optional<QualifiedName> alias = cursor.acceptKeywords("as")
                    ? Optional.of(cursor.qualifiedName()) : Optional.empty();
            tables.add(new TableReference(upstream, alias));
        } while (cursor.accept(Token.Kind.COMMA));
        return tables;
    }

    MzStatement alterSource() {
        boolean ifExists = cursor.acceptKeywords("if", "exists");
        QualifiedName source = cursor.qualifiedName();
        String action = cursor.expectOneOf("add", "drop");
        if ("ADD".equals(action)) {
            cursor.expectOneOf("subsource", "table");
            List<TableReference> tables = tableReferences();
            return new MzStatement.AlterSourceAddSubsource(ifExists, source, tables,
                    options.optionalWith(OptionParser.ADD_SUBSOURCE_WITH));
        }
        cursor.expectOneOf("subsource", "table");
        boolean subIfExists = cursor.acceptKeywords("if", "exists");
        List<QualifiedName> names = cursor.qualifiedNames();
        return new MzStatement.AlterSourceDropSubsource(source, subIfExists, names, MzParser.cascade(cursor));
    }
}
