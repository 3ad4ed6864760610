package dev.ingestrunbooks.sandbox.aws.rds;

import java.util.Arrays;
import java.util.List;

/**
 * One parameter of a family as the engine defines it: the engine-default row of DescribeDBParameters.
 *
 * @param defaultValue the value of an untouched group, or null when the row has no {@code ParameterValue}
 * @param source {@code engine-default} or {@code system}
 * @param allowedValues AWS's notation: {@code 0,1}, {@code 5-262143}, or empty for free text
 */
public record ParameterDefinition(String name, boolean isStatic, String dataType, String allowedValues,
        String defaultValue, String source, boolean modifiable, String description) {

    public String applyType() {
        return isStatic ? "static" : "dynamic";
    }

    /**
     * Why {@code value} is not allowed for this parameter, or null when it is. Checks integer/float ranges
     * ({@code min-max}, with negative bounds) and comma lists; {@code list} parameters take a comma list of
     * allowed items. Free-text parameters accept anything.
     */
    public String rejection(String value) {
        if (allowedValues == null || allowedValues.isEmpty()) {
            return null;
        }
        if (("integer".equals(dataType) || "float".equals(dataType)) && !allowedValues.contains(",")) {
            return inRange(value) ? null : notAllowed(value);
        }
        List<String> allowed = Arrays.asList(allowedValues.split(","));
        if ("list".equals(dataType)) {
            for (String item : value.split(",")) {
                if (!item.isBlank() && !allowed.contains(item.trim())) {
                    return notAllowed(value);
                }
            }
            return null;
        }
        return allowed.contains(value) ? null : notAllowed(value);
    }

    private String notAllowed(String value) {
        return "Value: " + value + " is not allowed for: " + name + " (allowed values: " + allowedValues + ").";
    }

    private boolean inRange(String value) {
        int sep = allowedValues.indexOf('-', 1);
        if (sep < 0) {
            return true;
        }
        try {
            double min = Double.parseDouble(allowedValues.substring(0, sep));
            double max = Double.parseDouble(allowedValues.substring(sep + 1));
            double v = "integer".equals(dataType) ? Long.parseLong(value.trim()) : Double.parseDouble(value.trim());
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
