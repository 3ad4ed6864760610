package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.Paging;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Query-protocol side of RDS instances, clusters and engine versions: unpacks requests, calls
 * {@link RdsBackend}, writes results. No state here. Request members not listed per action are ignored (logged).
 */
final class RdsInstanceActions {

    private static final Logger LOG = LoggerFactory.getLogger(RdsInstanceActions.class);
    private static final Set<String> INSTANCE_FILTERS = Set.of("db-instance-id", "db-cluster-id", "engine",
            "dbi-resource-id");
    private static final Set<String> CLUSTER_FILTERS = Set.of("db-cluster-id", "engine");

    private final RdsBackend backend;

    RdsInstanceActions(RdsBackend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("DescribeDBInstances", this::describeDbInstances)
                .on("DescribeDBClusters", this::describeDbClusters)
                .on("ModifyDBInstance", this::modifyDbInstance)
                .on("ModifyDBCluster", this::modifyDbCluster)
                .on("RebootDBInstance", this::rebootDbInstance)
                .on("DescribeDBEngineVersions", this::describeDbEngineVersions);
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html */
    Consumer<XmlWriter> describeDbInstances(FormBody in) {
        RdsFilters filters = RdsFilters.parse(in, INSTANCE_FILTERS);
        String id = in.get("DBInstanceIdentifier");
        List<DbInstanceView> all = id != null ? List.of(backend.instance(id)) : backend.instances();
        List<DbInstanceView> matching = all.stream()
                .filter(i -> filters.accepts("db-instance-id", i.id(), i.arn()))
                .filter(i -> filters.accepts("db-cluster-id", i.clusterId(), clusterArn(i.clusterId())))
                .filter(i -> filters.accepts("engine", i.engine()))
                .filter(i -> filters.accepts("dbi-resource-id", i.resourceId()))
                .toList();
        Paging.Page<DbInstanceView> page = Paging.page(matching, in);
        return w -> w.element("Marker", page.nextMarker())
                .list("DBInstances", "DBInstance", page.items(), (x, i) -> RdsXml.instance(x, i, backend.region()));
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html */
    Consumer<XmlWriter> describeDbClusters(FormBody in) {
        RdsFilters filters = RdsFilters.parse(in, CLUSTER_FILTERS);
        String id = in.get("DBClusterIdentifier");
        List<DbClusterView> all = id != null ? List.of(backend.cluster(id)) : backend.clusters();
        List<DbClusterView> matching = all.stream()
                .filter(c -> filters.accepts("db-cluster-id", c.id(), c.arn()))
                .filter(c -> filters.accepts("engine", c.engine()))
                .toList();
        Paging.Page<DbClusterView> page = Paging.page(matching, in);
        return w -> w.element("Marker", page.nextMarker())
                .list("DBClusters", "DBCluster", page.items(), (x, c) -> RdsXml.cluster(x, c, backend.region()));
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html */
    Consumer<XmlWriter> modifyDbInstance(FormBody in) {
        String id = in.required("DBInstanceIdentifier");
        in.bool("ApplyImmediately"); // validated only: it does not gate a parameter-group association
        ignoreOthers(in, "ModifyDBInstance", Set.of("DBInstanceIdentifier", "DBParameterGroupName", "ApplyImmediately"));
        DbInstanceView view = backend.modifyInstance(id, in.get("DBParameterGroupName"));
        return w -> w.start("DBInstance").write(x -> RdsXml.instance(x, view, backend.region())).end();
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html */
    Consumer<XmlWriter> modifyDbCluster(FormBody in) {
        String id = in.required("DBClusterIdentifier");
        in.bool("ApplyImmediately"); // validated only, as for ModifyDBInstance
        ignoreOthers(in, "ModifyDBCluster", Set.of("DBClusterIdentifier", "DBClusterParameterGroupName",
                "DBInstanceParameterGroupName", "ApplyImmediately"));
        DbClusterView view = backend.modifyCluster(id, in.get("DBClusterParameterGroupName"),
                in.get("DBInstanceParameterGroupName"));
        return w -> w.start("DBCluster").write(x -> RdsXml.cluster(x, view, backend.region())).end();
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RebootDBInstance.html */
    Consumer<XmlWriter> rebootDbInstance(FormBody in) {
        String id = in.required("DBInstanceIdentifier");
        if (in.bool("ForceFailover").orElse(false)) {
            backend.instance(id);
            throw AwsErrors.invalidParameterCombination("ForceFailover can only be used with a Multi-AZ DB instance;"
                    + " DB instance " + id + " is Single-AZ.");
        }
        DbInstanceView view = backend.rebootInstance(id);
        return w -> w.start("DBInstance").write(x -> RdsXml.instance(x, view, backend.region())).end();
    }

    /** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html */
    Consumer<XmlWriter> describeDbEngineVersions(FormBody in) {
        String engine = in.get("Engine");
        String version = in.get("EngineVersion");
        String family = in.get("DBParameterGroupFamily");
        boolean defaultOnly = in.bool("DefaultOnly").orElse(false);
        List<EngineVersions.EngineVersion> matching = EngineVersions.all().stream()
                .filter(v -> engine == null || v.engine().equals(engine))
                .filter(v -> version == null || v.version().equals(version) || v.majorVersion().equals(version))
                .filter(v -> family == null || v.family().name().equals(family))
                .filter(v -> !defaultOnly || v.isDefault())
                .toList();
        Paging.Page<EngineVersions.EngineVersion> page = Paging.page(matching, in);
        return w -> w.element("Marker", page.nextMarker())
                .list("DBEngineVersions", "DBEngineVersion", page.items(), RdsXml::engineVersion);
    }

    private String clusterArn(String clusterId) {
        return clusterId == null ? null
                : "arn:aws:rds:" + backend.region() + ":" + RdsBackend.ACCOUNT + ":cluster:" + clusterId;
    }

    private static void ignoreOthers(FormBody in, String action, Set<String> handled) {
        List<String> ignored = in.asMap().keySet().stream()
                .filter(k -> !handled.contains(k) && !"Action".equals(k) && !"Version".equals(k))
                .toList();
        if (!ignored.isEmpty()) {
            LOG.warn("{}: members not emulated, ignored: {}", action, ignored);
        }
    }
}
