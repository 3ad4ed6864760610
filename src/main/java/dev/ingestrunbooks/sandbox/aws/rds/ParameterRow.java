package dev.ingestrunbooks.sandbox.aws.rds;

/**
 * One row of DescribeDB(Cluster)Parameters: a definition with the group's value over it.
 *
 * @param value null when unset (the row then has no {@code ParameterValue})
 * @param source {@code user} when the group overrides the row, else the definition's source
 */
public record ParameterRow(ParameterDefinition definition, String value, String source, String applyMethod) {

    public String name() {
        return definition.name();
    }
}
