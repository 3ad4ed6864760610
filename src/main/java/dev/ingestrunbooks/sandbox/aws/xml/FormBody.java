package dev.ingestrunbooks.sandbox.aws.xml;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query request ({@code application/x-www-form-urlencoded}), with the list conventions of
 * the Query protocols.
 *
 * <p>awsQuery lists are {@code <path>.<member>.<i>} (RDS {@code Parameters.Parameter.1.ParameterName}, ELBv2
 * {@code Targets.member.1.Id}); the ec2 protocol flattens them to {@code <path>.<i>}. An explicitly empty list
 * is sent as {@code <path>=}. Structures are read as views with their prefix stripped, so the same accessors work
 * at every depth. Limits: no maps ({@code .entry.N.key}), which no emulated operation needs.
 * See https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/Query-Requests.html
 */
public final class FormBody {

    private final Map<String, String> params;

    private FormBody(Map<String, String> params) {
        this.params = params;
    }

    /** Parses one or more url-encoded strings (query string and body); later keys win. */
    public static FormBody parse(String... encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : encoded) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            for (String pair : part.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(decode(key), decode(value));
            }
        }
        return new FormBody(params);
    }

    /** A body built from ready key/value pairs (tests, nested views). */
    public static FormBody of(Map<String, String> params) {
        return new FormBody(new LinkedHashMap<>(params));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsErrors.invalidParameterValue("Malformed url-encoding in request: " + s);
        }
    }

    /** All parameters, in request order. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(params);
    }

    public boolean has(String key) {
        return params.containsKey(key);
    }

    /** The value, or null when absent. */
    public String get(String key) {
        return params.get(key);
    }

    /** The value; absent or empty gives 400 {@code MissingParameter}. */
    public String required(String key) {
        String value = params.get(key);
        if (value == null || value.isEmpty()) {
            throw AwsErrors.missingParameter(key);
        }
        return value;
    }

    /** An optional integer; a value that is not one gives 400 {@code InvalidParameterValue}. */
    public Optional<Integer> integer(String key) {
        String value = params.get(key);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw AwsErrors.invalidParameterValue("Invalid value '" + value + "' for " + key + ": not an integer.");
        }
    }

    /** An optional boolean ({@code true}/{@code false}, any case); anything else gives 400. */
    public Optional<Boolean> bool(String key) {
        String value = params.get(key);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw AwsErrors.invalidParameterValue(
                    "Invalid value '" + value + "' for " + key + ": expected true or false.");
        };
    }

    /**
     * The structures of a list, in index order: {@code path.member.i.*} (awsQuery), or {@code path.i.*} when
     * {@code member} is null (ec2). An absent or explicitly empty ({@code path=}) list gives an empty list.
     */
    public List<FormBody> structs(String path, String member) {
        String prefix = member == null ? path + "." : path + "." + member + ".";
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            Integer index = index(rest.substring(0, dot));
            if (index != null) {
                byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            }
        }
        List<FormBody> result = new ArrayList<>();
        byIndex.values().forEach(m -> result.add(new FormBody(m)));
        return result;
    }

    /** The scalar members of a list, in index order: {@code path.member.i} (or {@code path.i} when member is null). */
    public List<String> strings(String path, String member) {
        String prefix = member == null ? path + "." : path + "." + member + ".";
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                Integer index = index(e.getKey().substring(prefix.length()));
                if (index != null) {
                    byIndex.put(index, e.getValue());
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    private static Integer index(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return "FormBody" + params.keySet();
    }
}
