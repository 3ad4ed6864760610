package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/**
 * What Describe reports for a statement: the parameter type OIDs (ParameterDescription) and the result
 * columns (RowDescription); {@code returnsRows} false means NoData.
 */
public record Description(List<Integer> parameterTypes, List<Column> columns, boolean returnsRows) {

    public Description {
        parameterTypes = List.copyOf(parameterTypes);
        columns = List.copyOf(columns);
    }
}
