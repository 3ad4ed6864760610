package dev.ingestrunbooks.sandbox.aws.rds;

/** An immutable description of a parameter group (DescribeDB(Cluster)ParameterGroups). */
public record ParameterGroupView(GroupKind kind, String name, String family, String description, String arn) {
}
