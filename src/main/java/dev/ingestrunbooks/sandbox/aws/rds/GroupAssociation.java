package dev.ingestrunbooks.sandbox.aws.rds;

/**
 * The checks AWS makes before associating a parameter group with an instance or a cluster (ModifyDBInstance
 * {@code DBParameterGroupName}, ModifyDBCluster {@code DBClusterParameterGroupName} /
 * {@code DBInstanceParameterGroupName}): the group exists, is of the expected kind, and of the target's family.
 */
final class GroupAssociation {

    private GroupAssociation() {
    }

    static ParameterGroup resolve(ParameterGroups groups, GroupKind kind, String name, ParameterFamily family,
            String target) {
        ParameterGroup group = groups.find(kind, name);
        if (group == null) {
            GroupKind other = kind == GroupKind.DB ? GroupKind.CLUSTER : GroupKind.DB;
            if (groups.find(other, name) != null) {
                throw RdsErrors.incompatibleGroup(name + " is a " + other.shapeName() + ", but " + target
                        + " needs a " + kind.shapeName() + ".");
            }
            throw kind == GroupKind.DB
                    ? RdsErrors.dbParameterGroupNotFound(GroupKind.DB, name)
                    : RdsErrors.dbClusterParameterGroupNotFound(name);
        }
        if (!group.family().equals(family)) {
            throw RdsErrors.incompatibleGroup("The parameter group " + group.name() + " with DBParameterGroupFamily "
                    + group.family() + " can't be used for " + target + ": use a parameter group with "
                    + "DBParameterGroupFamily " + family + ".");
        }
        return group;
    }
}
