package dev.ingestrunbooks.sandbox.aws.rds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DB or DB cluster parameter group: its family's definitions plus the user's overrides.
 * Default groups ({@code default.<family>}) have no overrides and are read-only. Not thread-safe: the
 * {@link RdsBackend} guards it.
 */
public final class ParameterGroup {

    private final GroupKind kind;
    private final String name;
    private final ParameterFamily family;
    private final String description;
    private final boolean isDefault;
    private final Map<String, ParameterDefinition> definitions;
    private final Map<String, ParameterChange> overrides = new HashMap<>();

    ParameterGroup(GroupKind kind, String name, ParameterFamily family, String description, boolean isDefault,
            Map<String, ParameterDefinition> definitions) {
        this.kind = kind;
        this.name = name;
        this.family = family;
        this.description = description;
        this.isDefault = isDefault;
        this.definitions = definitions;
    }

    public GroupKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public ParameterFamily family() {
        return family;
    }

    public String description() {
        return description;
    }

    public boolean isDefault() {
        return isDefault;
    }

    /** The ARN, e.g. {@code arn:aws:rds:us-east-1:000000000000:pg:mz-pg16} ({@code cluster-pg} for cluster groups). */
    public String arn(String region, String account) {
        return "arn:aws:rds:" + region + ":" + account + ":" + (kind == GroupKind.DB ? "pg:" : "cluster-pg:") + name;
    }

    ParameterDefinition definition(String parameterName) {
        return definitions.get(parameterName);
    }

    void apply(List<ParameterChange> changes) {
        changes.forEach(c -> overrides.put(c.name(), c));
    }

    /** All rows, sorted by name. */
    public List<ParameterRow> rows() {
        List<ParameterRow> rows = new ArrayList<>(definitions.size());
        for (ParameterDefinition d : definitions.values()) {
            ParameterChange o = overrides.get(d.name());
            String method = o != null ? o.applyMethod()
                    : d.isStatic() ? ParameterChange.PENDING_REBOOT : ParameterChange.IMMEDIATE;
            rows.add(new ParameterRow(d, o != null ? o.value() : d.defaultValue(),
                    o != null ? "user" : d.source(), method));
        }
        return rows;
    }

    /** The values a server started with this group would use: defaults overlaid by the user's values. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterRow row : rows()) {
            if (row.value() != null) {
                values.put(row.name(), row.value());
            }
        }
        return values;
    }

    /** Only the values the user set (Source {@code user}). */
    public Map<String, String> userValues() {
        Map<String, String> values = new LinkedHashMap<>();
        overrides.values().forEach(c -> values.put(c.name(), c.value()));
        return values;
    }
}
