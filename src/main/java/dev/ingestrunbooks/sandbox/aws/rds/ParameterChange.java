package dev.ingestrunbooks.sandbox.aws.rds;

/**
 * One entry of ModifyDB(Cluster)ParameterGroup's {@code Parameters.Parameter.N}.
 *
 * @param applyMethod {@code immediate} or {@code pending-reboot}
 */
public record ParameterChange(String name, String value, String applyMethod) {

    public static final String IMMEDIATE = "immediate";
    public static final String PENDING_REBOOT = "pending-reboot";

    public boolean immediate() {
        return IMMEDIATE.equals(applyMethod);
    }
}
