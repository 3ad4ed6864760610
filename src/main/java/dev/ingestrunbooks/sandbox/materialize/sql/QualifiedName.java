package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.List;

/**
 * A possibly qualified object name ({@code db.schema.item}), each part already case-folded by the {@link Lexer}.
 *
 * @param parts one to three name parts, outermost first
 */
public record QualifiedName(List<String> parts) {
    /** Validates and copies the parts. */
    public QualifiedName {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a name needs at least one part");
        }
        parts = List.copyOf(parts);
    }

    /** A one-part name. */
    public static QualifiedName of(String... parts) {
        return new QualifiedName(List.of(parts));
    }

    /** The unqualified item name (the last part). */
    public String item() {
        return parts.get(parts.size() - 1);
    }

    /** The parts joined with dots, as Materialize prints names in messages. */
    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
