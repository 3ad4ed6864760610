package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.List;

/**
 * Writers for the RDS model shapes the emulator returns, member names and list member names as in the botocore
 * model ({@code <DBInstance>}, {@code <DBClusterMember>}, {@code <Parameter>}, {@code <VpcSecurityGroupMembership>},
 * …) so that the Java SDK, boto3 and the AWS CLI all read them. Only the members the runbooks and common tools
 * read are written; fixed fake values (instance class, AZ, storage) are marked as such here.
 */
final class RdsXml {

    static final String HOSTED_ZONE = "Z2R2ITUGPM61AM";

    private RdsXml() {
    }

    static void instance(XmlWriter w, DbInstanceView i, String region) {
        boolean aurora = i.clusterId() != null;
        w.element("DBInstanceIdentifier", i.id())
                .element("DBInstanceClass", aurora ? "db.r6g.large" : "db.t4g.medium") // fake, fixed
                .element("Engine", i.engine())
                .element("DBInstanceStatus", i.status())
                .element("MasterUsername", i.masterUsername())
                .element("DBName", i.dbName())
                .start("Endpoint")
                .element("Address", i.address()).element("Port", i.port()).element("HostedZoneId", HOSTED_ZONE)
                .end()
                .element("AllocatedStorage", aurora ? 1 : 20)
                .element("InstanceCreateTime", i.createTime())
                .element("BackupRetentionPeriod", 7)
                .list("DBSecurityGroups", "DBSecurityGroup", List.of(), (x, o) -> { })
                .list("VpcSecurityGroups", "VpcSecurityGroupMembership", i.vpcSecurityGroupIds(),
                        (x, sg) -> x.element("VpcSecurityGroupId", sg).element("Status", "active"))
                .list("DBParameterGroups", "DBParameterGroup", List.of(i), (x, g) -> x
                        .element("DBParameterGroupName", g.parameterGroupName())
                        .element("ParameterApplyStatus", g.parameterApplyStatus()))
                .element("AvailabilityZone", region + "a")
                .element("MultiAZ", false)
                .element("EngineVersion", i.engineVersion())
                .element("AutoMinorVersionUpgrade", true)
                .element("PubliclyAccessible", true)
                .element("StorageType", aurora ? "aurora" : "gp3")
                .element("DbInstancePort", 0)
                .element("DBClusterIdentifier", i.clusterId())
                .element("StorageEncrypted", true)
                .element("DbiResourceId", i.resourceId())
                .element("PromotionTier", aurora ? 1 : null)
                .element("DBInstanceArn", i.arn())
                .element("IAMDatabaseAuthenticationEnabled", false);
    }

    static void cluster(XmlWriter w, DbClusterView c, String region) {
        w.element("AllocatedStorage", 1)
                .values("AvailabilityZones", "AvailabilityZone", List.of(region + "a", region + "b", region + "c"))
                .element("BackupRetentionPeriod", 7)
                .element("DatabaseName", c.databaseName())
                .element("DBClusterIdentifier", c.id())
                .element("DBClusterParameterGroup", c.clusterParameterGroupName())
                .element("Status", c.status())
                .element("Endpoint", c.writerEndpoint())
                .element("ReaderEndpoint", c.readerEndpoint())
                .element("MultiAZ", c.members().size() > 1)
                .element("Engine", c.engine())
                .element("EngineVersion", c.engineVersion())
                .element("Port", c.port())
                .element("MasterUsername", c.masterUsername())
                .list("DBClusterMembers", "DBClusterMember", c.members(), (x, m) -> x
                        .element("DBInstanceIdentifier", m.instanceId())
                        .element("IsClusterWriter", m.writer())
                        .element("DBClusterParameterGroupStatus", m.clusterParameterGroupStatus())
                        .element("PromotionTier", 1))
                .list("VpcSecurityGroups", "VpcSecurityGroupMembership", List.of(), (x, o) -> { })
                .element("HostedZoneId", HOSTED_ZONE)
                .element("StorageEncrypted", true)
                .element("DbClusterResourceId", c.resourceId())
                .element("DBClusterArn", c.arn())
                .element("ClusterCreateTime", c.createTime())
                .element("EngineMode", c.engineMode());
    }

    static void parameter(XmlWriter w, ParameterRow p) {
        ParameterDefinition d = p.definition();
        w.element("ParameterName", d.name())
                .element("ParameterValue", p.value())
                .element("Description", d.description())
                .element("Source", p.source())
                .element("ApplyType", d.applyType())
                .element("DataType", d.dataType())
                .element("AllowedValues", d.allowedValues().isEmpty() ? null : d.allowedValues())
                .element("IsModifiable", d.modifiable())
                .element("ApplyMethod", p.applyMethod());
    }

    static void group(XmlWriter w, ParameterGroupView g) {
        String prefix = g.kind() == GroupKind.DB ? "DBParameterGroup" : "DBClusterParameterGroup";
        w.element(prefix + "Name", g.name())
                .element("DBParameterGroupFamily", g.family())
                .element("Description", g.description())
                .element(prefix + "Arn", g.arn());
    }

    static void engineVersion(XmlWriter w, EngineVersions.EngineVersion v) {
        w.element("Engine", v.engine())
                .element("MajorEngineVersion", v.majorVersion())
                .element("EngineVersion", v.version())
                .element("DBParameterGroupFamily", v.family().name())
                .element("DBEngineDescription", v.engineDescription())
                .element("DBEngineVersionDescription", v.versionDescription())
                .element("SupportsLogExportsToCloudwatchLogs", true)
                .element("SupportsReadReplica", true)
                .values("SupportedEngineModes", "member", List.of("provisioned"))
                .element("Status", "available");
    }
}
