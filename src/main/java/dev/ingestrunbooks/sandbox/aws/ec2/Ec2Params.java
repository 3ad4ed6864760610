package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ec2 protocol's request conventions shared by the action handlers: required parameters, filters
 * ({@code Filter.N.Name} with {@code Filter.N.Value.M}; values may hold AWS's {@code *} and {@code ?} wildcards;
 * values of one filter are OR-ed, filters AND-ed), tag filters ({@code tag:<key>}, {@code tag-key},
 * {@code tag-value}), and tags given as {@code TagSpecification.N.ResourceType} with {@code TagSpecification.N.Tag.M.Key}
 * and {@code .Value}. Stateless.
 */
final class Ec2Params {

    private Ec2Params() {
    }

    /** The value; absent or empty gives 400 {@code MissingParameter}. */
    static String required(FormBody in, String name) {
        String value = in.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Errors.missingParameter("The request must contain the parameter " + name);
        }
        return value;
    }

    /** {@code Filter.N.Name} → its {@code Filter.N.Value.M} values. */
    static Map<String, List<String>> filters(FormBody in) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (FormBody f : in.structs("Filter", null)) {
            filters.computeIfAbsent(f.get("Name"), k -> new ArrayList<>()).addAll(f.strings("Value", null));
        }
        return filters;
    }

    /**
     * The filters of an action that knows the names in {@code known} (and tag filters when {@code tags}); any other
     * name is 400 {@code InvalidParameterValue}, as AWS answers it.
     */
    static Map<String, List<String>> filters(FormBody in, Set<String> known, boolean tags) {
        Map<String, List<String>> filters = filters(in);
        for (String name : filters.keySet()) {
            boolean tagFilter = name != null && (name.startsWith("tag:") && name.length() > 4
                    || name.equals("tag-key") || name.equals("tag-value"));
            if (name == null || !known.contains(name) && !(tags && tagFilter)) {
                throw Ec2Errors.invalidFilter(String.valueOf(name));
            }
        }
        return filters;
    }

    /** Whether {@code value} passes filter {@code name} (absent filter: yes; null value: no). */
    static boolean accepts(Map<String, List<String>> filters, String name, String value) {
        List<String> values = filters.get(name);
        return values == null || value != null && values.stream().anyMatch(p -> matches(p, value));
    }

    /** Whether any of {@code values} passes filter {@code name}. */
    static boolean acceptsAny(Map<String, List<String>> filters, String name, List<String> values) {
        return !filters.containsKey(name) || values.stream().anyMatch(v -> accepts(filters, name, v));
    }

    /** Whether {@code tags} pass every {@code tag:<key>}, {@code tag-key} and {@code tag-value} filter. */
    static boolean acceptsTags(Map<String, List<String>> filters, Map<String, String> tags) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String name = f.getKey();
            if (name == null) {
                continue;
            }
            if (name.startsWith("tag:") && !accepts(filters, name, tags.get(name.substring(4)))) {
                return false;
            }
            if (name.equals("tag-key") && !acceptsAny(filters, name, List.copyOf(tags.keySet()))) {
                return false;
            }
            if (name.equals("tag-value") && !acceptsAny(filters, name, List.copyOf(tags.values()))) {
                return false;
            }
        }
        return true;
    }

    /** AWS filter wildcards: {@code *} any run of characters, {@code ?} one character; {@code \} escapes. */
    static boolean matches(String pattern, String value) {
        return matches(pattern, 0, value, 0);
    }

    private static boolean matches(String p, int i, String v, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= v.length(); k++) {
                    if (matches(p, i + 1, v, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= v.length()) {
                return false;
            }
            if (c == '\\' && i + 1 < p.length()) {
                c = p.charAt(++i);
            } else if (c == '?') {
                i++;
                j++;
                continue;
            }
            if (c != v.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == v.length();
    }

    /** The tags of {@code TagSpecification.N} entries for {@code resourceType} (e.g. {@code instance}). */
    static Map<String, String> tags(FormBody in, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (FormBody spec : in.structs("TagSpecification", null)) {
            String type = spec.get("ResourceType");
            if (type != null && !type.equals(resourceType)) {
                continue;
            }
            for (FormBody tag : spec.structs("Tag", null)) {
                String key = tag.get("Key");
                if (key == null || key.isEmpty()) {
                    throw Ec2Errors.invalidParameterValue("Tag key must not be empty");
                }
                if (key.startsWith("aws:")) {
                    throw Ec2Errors.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
                }
                tags.put(key, tag.get("Value") == null ? "" : tag.get("Value"));
            }
        }
        return tags;
    }

    /** {@code <tagSet><item><key/><value/></item>…</tagSet>}. */
    static void tagSet(XmlWriter w, Map<String, String> tags) {
        w.list("tagSet", "item", tags.entrySet(), (x, t) -> x.element("key", t.getKey()).element("value", t.getValue()));
    }
}
