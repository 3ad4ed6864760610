package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/**
 * A statement prepared by Parse: its SQL, the parameter types the client declared (0 = unspecified), and its
 * description once Describe has asked for it.
 */
final class NamedStatement {

    private final String sql;
    private final List<Integer> declaredTypes;
    private Description description;

    NamedStatement(String sql, List<Integer> declaredTypes) {
        this.sql = sql;
        this.declaredTypes = List.copyOf(declaredTypes);
    }

    String sql() {
        return sql;
    }

    /** The declared type of parameter {@code index} (0-based), 0 when not declared. */
    int declaredType(int index) {
        return index < declaredTypes.size() ? declaredTypes.get(index) : 0;
    }

    List<Integer> declaredTypes() {
        return declaredTypes;
    }

    Description description(SqlSession session) throws SqlError {
        if (description == null) {
            description = session.describe(sql, declaredTypes);
        }
        return description;
    }
}
