package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.Iterator;
import java.util.List;

/**
 * A portal made by Bind: a statement with its parameters and the result formats the client asked for. Executed
 * on the first Execute; the rows then wait here so a row-limited Execute can resume (PortalSuspended).
 */
final class Portal {

    private final NamedStatement statement;
    private final List<Parameter> parameters;
    private final List<Short> resultFormats;
    private StatementResult result;
    private Iterator<byte[][]> pending;

    Portal(NamedStatement statement, List<Parameter> parameters, List<Short> resultFormats) {
        this.statement = statement;
        this.parameters = List.copyOf(parameters);
        this.resultFormats = List.copyOf(resultFormats);
    }

    NamedStatement statement() {
        return statement;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter types as bound: declared in Parse, else 0 (unspecified). */
    List<Integer> parameterTypes() {
        return parameters.stream().map(Parameter::typeOid).toList();
    }

    /** The format of result column {@code index}: none given = text, one = all, else one per column. */
    short resultFormat(int index, int columnCount) throws SqlError {
        if (resultFormats.isEmpty()) {
            return 0;
        }
        if (resultFormats.size() == 1) {
            return resultFormats.get(0);
        }
        if (resultFormats.size() != columnCount) {
            throw SqlError.protocolViolation("bind message has " + resultFormats.size()
                    + " result formats but query has " + columnCount + " columns");
        }
        return resultFormats.get(index);
    }

    List<Short> resultFormats(int columnCount) throws SqlError {
        Short[] formats = new Short[columnCount];
        for (int i = 0; i < columnCount; i++) {
            formats[i] = resultFormat(i, columnCount);
        }
        return List.of(formats);
    }

    boolean started() {
        return result != null;
    }

    void start(StatementResult result) {
        this.result = result;
        this.pending = result instanceof StatementResult.Rows rows ? rows.rows().iterator() : null;
    }

    StatementResult result() {
        return result;
    }

    /** Rows not yet sent; empty for results without rows. */
    Iterator<byte[][]> pending() {
        return pending != null ? pending : java.util.Collections.emptyIterator();
    }
}
