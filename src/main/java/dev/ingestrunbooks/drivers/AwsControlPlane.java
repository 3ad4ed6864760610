package dev.ingestrunbooks.drivers;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The AWS side of the guides, through the real AWS SDK v2: the same calls against the sandbox's emulator and against
 * a real account. Read operations are always allowed; changes pass the {@link ChangeGuard} first.
 */
public final class AwsControlPlane {
    private final RdsClient rds;
    private final Ec2Client ec2;
    private final ChangeGuard guard;
    private final Duration pollInterval;

    /** RDS only: the EC2 methods (security groups) fail. */
    public AwsControlPlane(RdsClient rds, ChangeGuard guard, Duration pollInterval) {
        this(rds, null, guard, pollInterval);
    }

    public AwsControlPlane(RdsClient rds, Ec2Client ec2, ChangeGuard guard, Duration pollInterval) {
        this.rds = rds;
        this.ec2 = ec2;
        this.guard = guard;
        this.pollInterval = pollInterval;
    }

    private Ec2Client ec2() {
        if (ec2 == null) {
            throw new IllegalStateException("this AWS driver has no EC2 client");
        }
        return ec2;
    }

    /** The VPC security groups of a DB instance (an Aurora cluster's: its writer's), as DescribeDBInstances lists them. */
    public List<String> securityGroupsOf(String instanceId) {
        return instance(instanceId).vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .toList();
    }

    /** The security groups of a database: an instance's, or an Aurora cluster's writer's. */
    public List<String> databaseSecurityGroups(String identifier, boolean aurora) {
        return securityGroupsOf(aurora ? writerInstance(identifier) : identifier);
    }

    public SecurityGroup securityGroup(String groupId) {
        return ec2().describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    }

    /** Guide step B: an inbound rule for TCP {@code port} from {@code cidr} (e.g. a Materialize egress IP). */
    public void allowIngress(String groupId, int port, String cidr, String description) {
        guard.check("allow " + cidr + " on port " + port + " in security group " + groupId);
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(port).toPort(port).ipRanges(range -> range.cidrIp(cidr).description(description))));
    }

    /** Removes the inbound rule for TCP {@code port} from {@code cidr}. */
    public void revokeIngress(String groupId, int port, String cidr) {
        guard.check("revoke " + cidr + " on port " + port + " from security group " + groupId);
        ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(port).toPort(port).ipRanges(range -> range.cidrIp(cidr))));
    }

    public DBInstance instance(String id) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    public DBCluster cluster(String id) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    /** The parameter-group family of an engine version, e.g. postgres16 or aurora-postgresql16. */
    public String parameterGroupFamily(String engine, String engineVersion) {
        return rds.describeDBEngineVersions(r -> r.engine(engine).engineVersion(engineVersion)).dbEngineVersions()
                .stream().map(DBEngineVersion::dbParameterGroupFamily).findFirst()
                .orElseThrow(() -> new IllegalStateException("AWS knows no " + engine + " " + engineVersion));
    }

    public void createDbParameterGroup(String name, String family, String description) {
        guard.check("create DB parameter group " + name);
        rds.createDBParameterGroup(r -> r.dbParameterGroupName(name).dbParameterGroupFamily(family).description(description));
    }

    public void createDbClusterParameterGroup(String name, String family, String description) {
        guard.check("create DB cluster parameter group " + name);
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name).dbParameterGroupFamily(family)
                .description(description));
    }

    public void setDbParameter(String group, String name, String value, ApplyMethod method) {
        guard.check("set " + name + " in DB parameter group " + group);
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(group)
                .parameters(p -> p.parameterName(name).parameterValue(value).applyMethod(method)));
    }

    public void setDbClusterParameter(String group, String name, String value, ApplyMethod method) {
        guard.check("set " + name + " in DB cluster parameter group " + group);
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group)
                .parameters(p -> p.parameterName(name).parameterValue(value).applyMethod(method)));
    }

    /** A parameter of a DB parameter group, paging through all rows (engine defaults included). */
    public Optional<Parameter> dbParameter(String group, String name) {
        return rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(group)).parameters().stream()
                .filter(p -> name.equals(p.parameterName())).findFirst();
    }

    public Optional<Parameter> dbClusterParameter(String group, String name) {
        return rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters().stream()
                .filter(p -> name.equals(p.parameterName())).findFirst();
    }

    public void associateDbParameterGroup(String instanceId, String group) {
        guard.check("associate DB parameter group " + group + " with " + instanceId);
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId).dbParameterGroupName(group).applyImmediately(true));
    }

    public void associateDbClusterParameterGroup(String clusterId, String group) {
        guard.check("associate DB cluster parameter group " + group + " with " + clusterId);
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(clusterId).dbClusterParameterGroupName(group).applyImmediately(true));
    }

    public void rebootInstance(String instanceId) {
        guard.check("reboot DB instance " + instanceId);
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceId));
    }

    /** The writer member of an Aurora cluster. */
    public String writerInstance(String clusterId) {
        return cluster(clusterId).dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter)
                .map(DBClusterMember::dbInstanceIdentifier).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster " + clusterId + " has no writer instance"));
    }

    /** Waits until the instance reports {@code status}, polling DescribeDBInstances. */
    public DBInstance awaitInstanceStatus(String instanceId, String status, Duration timeout) {
        try {
            return Awaitility.await("DB instance " + instanceId + " to be " + status)
                    .atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .until(() -> instance(instanceId), i -> status.equals(i.dbInstanceStatus()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("DB instance " + instanceId + " did not become " + status + " within "
                    + timeout.toSeconds() + " s; it is " + instance(instanceId).dbInstanceStatus(), e);
        }
    }
}
