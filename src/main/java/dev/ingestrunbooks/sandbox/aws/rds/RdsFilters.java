package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RDS {@code Filters.Filter.N.Name} / {@code Filters.Filter.N.Values.Value.M}: filter name → accepted values.
 * Names outside the operation's supported set give 400 {@code InvalidParameterValue} rather than being ignored,
 * so a typo never silently widens a describe.
 */
final class RdsFilters {

    private final Map<String, List<String>> filters;

    private RdsFilters(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    static RdsFilters parse(FormBody request, Set<String> supported) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (FormBody f : request.structs("Filters", "Filter")) {
            String name = f.required("Name");
            if (!supported.contains(name)) {
                throw AwsErrors.invalidParameterValue("Unrecognized filter name: " + name + ". Supported filters: "
                        + String.join(", ", supported.stream().sorted().toList()) + ".");
            }
            List<String> values = f.strings("Values", "Value");
            if (values.isEmpty()) {
                throw AwsErrors.invalidParameterValue("Filter " + name + " needs at least one value.");
            }
            filters.put(name, values);
        }
        return new RdsFilters(filters);
    }

    /** True when the filter is absent or one of its values equals one of {@code candidates}. */
    boolean accepts(String name, String... candidates) {
        List<String> values = filters.get(name);
        if (values == null) {
            return true;
        }
        for (String c : candidates) {
            if (c != null && values.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
