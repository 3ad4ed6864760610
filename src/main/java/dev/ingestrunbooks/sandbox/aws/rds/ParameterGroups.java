package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The DB and DB cluster parameter groups of one region: the implicit read-only {@code default.<family>} groups
 * and the user's groups, with the validation AWS applies to ModifyDB(Cluster)ParameterGroup (whole batch
 * rejected on the first bad entry). Not thread-safe: {@link RdsBackend} guards it. Limits: no quotas, no tags,
 * no ResetDBParameterGroup.
 */
final class ParameterGroups {

    static final int MAX_CHANGES = 20;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final ParameterCatalog catalog;
    private final Map<GroupKind, Map<String, ParameterGroup>> groups = new EnumMap<>(GroupKind.class);

    ParameterGroups(ParameterCatalog catalog) {
        this.catalog = catalog;
        for (GroupKind kind : GroupKind.values()) {
            Map<String, ParameterGroup> byName = new TreeMap<>();
            for (ParameterFamily f : ParameterFamily.all()) {
                if (kind == GroupKind.DB || f.aurora()) {
                    byName.put(f.defaultGroupName(), new ParameterGroup(kind, f.defaultGroupName(), f,
                            "Default parameter group for " + f.name(), true, catalog.definitions(kind, f)));
                }
            }
            groups.put(kind, byName);
        }
    }

    ParameterGroup create(GroupKind kind, String name, ParameterFamily family, String description) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.startsWith("default") || key.length() > 255 || !NAME.matcher(key).matches()) {
            throw AwsErrors.invalidParameterValue("The parameter " + kind.shapeName() + "Name is not a valid "
                    + "identifier: " + name + ". Identifiers must begin with a letter; must contain only ASCII "
                    + "letters, digits, and hyphens; must not end with a hyphen or contain two consecutive "
                    + "hyphens; and must not begin with 'default'.");
        }
        if (groups.get(kind).containsKey(key)) {
            throw RdsErrors.dbParameterGroupAlreadyExists(key);
        }
        ParameterGroup group = new ParameterGroup(kind, key, family, description, false,
                catalog.definitions(kind, family));
        groups.get(kind).put(key, group);
        return group;
    }

    /** The group, or null. */
    ParameterGroup find(GroupKind kind, String name) {
        return name == null ? null : groups.get(kind).get(name.toLowerCase(Locale.ROOT));
    }

    /** The group, or 404 {@code DBParameterGroupNotFound} (AWS uses that code for cluster groups too). */
    ParameterGroup require(GroupKind kind, String name) {
        ParameterGroup group = find(kind, name);
        if (group == null) {
            throw RdsErrors.dbParameterGroupNotFound(kind, name);
        }
        return group;
    }

    /** Removes a user's group (the caller has checked that no database uses it); 404 when missing. */
    void delete(GroupKind kind, String name) {
        ParameterGroup group = require(kind, name);
        if (group.isDefault()) {
            throw RdsErrors.defaultGroupUndeletable(kind, group.name());
        }
        groups.get(kind).remove(group.name());
    }

    List<ParameterGroup> all(GroupKind kind) {
        return new ArrayList<>(groups.get(kind).values());
    }

    /**
     * Checks a whole ModifyDB(Cluster)ParameterGroup batch and applies it only if every entry is valid.
     *
     * @return whether any change needs a reboot (a static parameter, or {@code pending-reboot} requested)
     */
    boolean modify(ParameterGroup group, List<ParameterChange> changes) {
        if (group.isDefault()) {
            throw RdsErrors.defaultGroupReadOnly();
        }
        if (changes.isEmpty()) {
            throw AwsErrors.missingParameter("Parameters");
        }
        if (changes.size() > MAX_CHANGES) {
            throw AwsErrors.invalidParameterValue("You can modify at most " + MAX_CHANGES
                    + " parameters in one request; got " + changes.size() + ".");
        }
        boolean needsReboot = false;
        for (ParameterChange c : changes) {
            ParameterDefinition d = validate(group, c);
            needsReboot |= d.isStatic() || !c.immediate();
        }
        group.apply(changes);
        return needsReboot;
    }

    private static ParameterDefinition validate(ParameterGroup group, ParameterChange c) {
        ParameterDefinition d = group.definition(c.name());
        if (d == null) {
            throw RdsErrors.unknownParameter(c.name());
        }
        if (!ParameterChange.IMMEDIATE.equals(c.applyMethod())
                && !ParameterChange.PENDING_REBOOT.equals(c.applyMethod())) {
            throw AwsErrors.invalidParameterValue("Invalid ApplyMethod '" + c.applyMethod() + "' for parameter "
                    + c.name() + ": use immediate or pending-reboot.");
        }
        if (!d.modifiable()) {
            throw AwsErrors.invalidParameterValue("The parameter " + c.name() + " cannot be modified.");
        }
        String rejection = d.rejection(c.value());
        if (rejection != null) {
            throw AwsErrors.invalidParameterValue(rejection);
        }
        if (d.isStatic() && c.immediate()) {
            throw RdsErrors.immediateOnStaticParameter();
        }
        return d;
    }
}
