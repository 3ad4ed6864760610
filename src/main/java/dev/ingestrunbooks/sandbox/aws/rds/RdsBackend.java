package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.BackgroundWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RDS control plane of one account and region: registered DB instances and Aurora clusters, their parameter
 * groups, and the state machine that applies parameter changes ({@code docs/aws.md} §2.4).
 *
 * <p>Static changes wait for RebootDBInstance ({@code pending-reboot}); dynamic {@code immediate} changes go
 * {@code applying} → {@code in-sync}; associating a group changes its name at once and leaves the instance
 * {@code pending-reboot}; a reboot hands the effective parameters to the instance's {@code DbEngine}. Instances and
 * clusters are registered by the sandbox, never created through the API. Thread-safe: every method takes the
 * backend's lock, and background transitions re-check the state they expect before changing it. Limits: no
 * deletion through the API, no failover, no pending modifications other than parameter groups.
 */
public final class RdsBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RdsBackend.class);
    public static final String ACCOUNT = "000000000000";
    /** Dynamic; engine default 0 up to PostgreSQL 14 and 1 from 15 (RDS and Aurora PostgreSQL alike here). */
    static final String FORCE_SSL = "rds.force_ssl";

    /** How long the emulated transitions take; AWS takes minutes, tests want milliseconds. */
    public record Timings(Duration modifying, Duration applying, Duration closeTimeout) {
        public static Timings defaults() {
            return new Timings(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(60));
        }
    }

    private final String region;
    private final Timings timings;
    private final ParameterGroups groups = new ParameterGroups(ParameterCatalog.load());
    private final Map<String, DbInstance> instances = new LinkedHashMap<>();
    private final Map<String, DbCluster> clusters = new LinkedHashMap<>();
    private final BackgroundWork work;

    public RdsBackend(String region, Timings timings) {
        this.region = region;
        this.timings = timings;
        this.work = new BackgroundWork("rds", timings.closeTimeout());
    }

    public RdsBackend(String region) {
        this(region, Timings.defaults());
    }

    public String region() {
        return region;
    }

    /** Registers a cluster; register it before its member instances. */
    public synchronized DbClusterView registerCluster(DbClusterSpec spec) {
        String id = key(spec.id());
        if (clusters.containsKey(id)) {
            throw new IllegalArgumentException("cluster already registered: " + id);
        }
        DbCluster c = new DbCluster(id, spec);
        clusters.put(id, c);
        return c.view(region, ACCOUNT, members(id));
    }

    /** Registers an instance, {@code available} with {@code default.<family>} {@code in-sync}. */
    /** The instance's endpoint now resolves to {@code address} (DescribeDBInstances reports it). */
    public synchronized void moveInstanceAddress(String id, String address) {
        DbInstance i = instances.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no DB instance " + id);
        }
        i.address = address;
    }

    public synchronized DbInstanceView registerInstance(DbInstanceSpec spec) {
        String id = key(spec.id());
        if (instances.containsKey(id)) {
            throw new IllegalArgumentException("instance already registered: " + id);
        }
        boolean writer = false;
        if (spec.clusterId() != null) {
            DbCluster c = clusters.get(key(spec.clusterId()));
            if (c == null) {
                throw new IllegalArgumentException("register cluster " + spec.clusterId() + " before " + id);
            }
            if (!c.spec.engineVersion().equals(spec.engineVersion())) {
                throw new IllegalArgumentException("member " + id + " must run the cluster's engine version");
            }
            List<DbInstance> existing = members(c.id);
            writer = existing.isEmpty() || spec.writer();
            if (writer) {
                existing.forEach(m -> m.writer = false);
            }
        }
        DbInstance i = new DbInstance(id, spec, writer);
        instances.put(id, i);
        return i.view(region, ACCOUNT);
    }

    /**
     * Registers an instance as if created with {@code --db-parameter-group-name}: associated with that existing DB
     * parameter group and {@code in-sync}, so its engine must already run with the group's values.
     */
    public synchronized DbInstanceView registerInstance(DbInstanceSpec spec, String dbParameterGroupName) {
        ParameterGroup group = GroupAssociation.resolve(groups, GroupKind.DB, dbParameterGroupName, spec.family(),
                "DB instance " + spec.id());
        registerInstance(spec);
        DbInstance i = requireInstance(spec.id());
        i.parameterGroupName = group.name();
        return i.view(region, ACCOUNT);
    }

    public synchronized void deregisterInstance(String id) {
        DbInstance removed = instances.remove(key(id));
        if (removed != null && removed.writer) {
            members(removed.spec.clusterId()).stream().findFirst().ifPresent(m -> m.writer = true);
        }
    }

    /** Deregisters a cluster and its member instances. */
    public synchronized void deregisterCluster(String id) {
        members(id).forEach(m -> instances.remove(m.id));
        clusters.remove(key(id));
    }

    public synchronized List<DbInstanceView> instances() {
        return instances.values().stream().map(i -> i.view(region, ACCOUNT)).toList();
    }

    /** The instance, or 404 {@code DBInstanceNotFound}. */
    public synchronized DbInstanceView instance(String id) {
        return requireInstance(id).view(region, ACCOUNT);
    }

    public synchronized List<DbClusterView> clusters() {
        return clusters.values().stream().map(c -> c.view(region, ACCOUNT, members(c.id))).toList();
    }

    /** The cluster, or 404 {@code DBClusterNotFoundFault}. */
    public synchronized DbClusterView cluster(String id) {
        DbCluster c = requireCluster(id);
        return c.view(region, ACCOUNT, members(c.id));
    }

    public synchronized ParameterGroupView createParameterGroup(GroupKind kind, String name, String family,
            String description) {
        return view(groups.create(kind, name, ParameterFamily.parse(family), description));
    }

    /**
     * DeleteDB(Cluster)ParameterGroup: {@code InvalidDBParameterGroupState} for a default group or one a database
     * (an instance; for a cluster group, a cluster) still uses; 404 when missing.
     */
    public synchronized void deleteParameterGroup(GroupKind kind, String name) {
        ParameterGroup group = groups.require(kind, name);
        boolean inUse = kind == GroupKind.DB
                ? instances.values().stream().anyMatch(i -> group.name().equals(i.parameterGroupName))
                : clusters.values().stream().anyMatch(c -> group.name().equals(c.clusterParameterGroupName));
        if (inUse && !group.isDefault()) {
            throw RdsErrors.parameterGroupInUse(kind, group.name());
        }
        groups.delete(kind, group.name());
    }

    /** All groups of a kind (defaults included), or the named one (404 if missing). */
    public synchronized List<ParameterGroupView> parameterGroups(GroupKind kind, String name) {
        if (name != null) {
            return List.of(view(groups.require(kind, name)));
        }
        return groups.all(kind).stream().map(this::view).toList();
    }

    /** All rows of a group, sorted by name (404 {@code DBParameterGroupNotFound} if missing). */
    public synchronized List<ParameterRow> parameters(GroupKind kind, String name) {
        return groups.require(kind, name).rows();
    }

    /**
     * ModifyDB(Cluster)ParameterGroup: validates and applies the whole batch, then moves every instance using the
     * group to {@code pending-reboot} (static, or pending-reboot requested) or through {@code applying}.
     */
    public synchronized String modifyParameterGroup(GroupKind kind, String name, List<ParameterChange> changes) {
        ParameterGroup group = groups.require(kind, name);
        boolean needsReboot = groups.modify(group, changes);
        boolean anyImmediate = changes.stream().anyMatch(ParameterChange::immediate);
        for (DbInstance i : users(group)) {
            if (anyImmediate) {
                applyDynamic(i);
            }
            if (needsReboot) {
                if (kind == GroupKind.DB) {
                    i.markPendingReboot();
                } else {
                    i.markClusterGroupPendingReboot();
                }
            } else {
                StatusTransitions.applyDynamic(this, i, kind, timings.applying(), work);
            }
        }
        return group.name();
    }

    /**
     * ModifyDBInstance: only DBParameterGroupName is emulated (ApplyImmediately does not gate it, as in AWS);
     * naming the group already associated changes nothing.
     */
    public synchronized DbInstanceView modifyInstance(String id, String dbParameterGroupName) {
        DbInstance i = requireInstance(id);
        requireAvailable(i);
        ParameterGroup g = dbParameterGroupName == null ? null : GroupAssociation.resolve(groups, GroupKind.DB,
                dbParameterGroupName, i.spec.family(), "DB instance " + i.id);
        if (g != null && !g.name().equals(i.parameterGroupName)) {
            i.parameterGroupName = g.name();
            i.markPendingReboot();
            StatusTransitions.modifying(this, i, timings.modifying(), work);
        }
        return i.view(region, ACCOUNT);
    }

    /** ModifyDBCluster: DBClusterParameterGroupName and DBInstanceParameterGroupName (applied to all members). */
    public synchronized DbClusterView modifyCluster(String id, String clusterGroupName, String instanceGroupName) {
        DbCluster c = requireCluster(id);
        if (!DbInstance.AVAILABLE.equals(c.status)) {
            throw RdsErrors.invalidDbClusterState(c.id, c.status);
        }
        ParameterGroup clusterGroup = clusterGroupName == null ? null : GroupAssociation.resolve(groups,
                GroupKind.CLUSTER, clusterGroupName, c.spec.family(), "DB cluster " + c.id);
        ParameterGroup instanceGroup = instanceGroupName == null ? null : GroupAssociation.resolve(groups,
                GroupKind.DB, instanceGroupName, c.spec.family(), "the instances of DB cluster " + c.id);
        boolean changed = false;
        if (clusterGroup != null && !clusterGroup.name().equals(c.clusterParameterGroupName)) {
            c.clusterParameterGroupName = clusterGroup.name();
            members(c.id).forEach(DbInstance::markClusterGroupPendingReboot);
            changed = true;
        }
        for (DbInstance m : instanceGroup == null ? List.<DbInstance>of() : members(c.id)) {
            if (!instanceGroup.name().equals(m.parameterGroupName)) {
                m.parameterGroupName = instanceGroup.name();
                m.markPendingReboot();
                changed = true;
            }
        }
        if (changed) {
            StatusTransitions.clusterModifying(this, c, timings.modifying(), work);
        }
        return c.view(region, ACCOUNT, members(c.id));
    }

    /**
     * RebootDBInstance: {@code rebooting} now; on a background thread the engine restarts with the effective
     * parameters, then {@code available} and the pending groups {@code in-sync} (or {@code incompatible-parameters}
     * when the engine fails).
     */
    public synchronized DbInstanceView rebootInstance(String id) {
        DbInstance i = requireInstance(id);
        requireAvailable(i);
        i.status = "rebooting";
        Map<String, String> parameters = engineParameters(i);
        long seq = i.pendingSeq;
        work.execute(() -> StatusTransitions.reboot(this, i, parameters, seq));
        LOG.info("rebooting {} with {} parameters", i.id, parameters.size());
        return i.view(region, ACCOUNT);
    }

    /** What the instance's server runs with after its next reboot, by AWS parameter name. */
    public synchronized Map<String, String> effectiveParameters(String id) {
        return effectiveParameters(requireInstance(id));
    }

    private Map<String, String> effectiveParameters(DbInstance i) {
        ParameterGroup dbGroup = groups.require(GroupKind.DB, i.parameterGroupName);
        Map<String, String> values = new LinkedHashMap<>(dbGroup.values());
        if (i.aurora()) {
            DbCluster c = clusters.get(key(i.spec.clusterId()));
            values.putAll(groups.require(GroupKind.CLUSTER, c.clusterParameterGroupName).values());
            values.putAll(dbGroup.userValues());
        }
        return values;
    }

    /**
     * What the engine is handed: the effective parameters, except that {@code rds.force_ssl} is passed only when a
     * user set it in the instance's DB or cluster parameter group. Its engine default (1 from PostgreSQL 15) is
     * listed by DescribeDBParameters but not enforced by the sandbox's servers, so that clients that do not ask for
     * TLS keep working unless a runbook turns the parameter on (docs/aws.md, {@code rds.force_ssl}).
     */
    private Map<String, String> engineParameters(DbInstance i) {
        Map<String, String> values = effectiveParameters(i);
        boolean userSet = groups.require(GroupKind.DB, i.parameterGroupName).userValues().containsKey(FORCE_SSL)
                || (i.aurora() && groups.require(GroupKind.CLUSTER, clusters.get(key(i.spec.clusterId()))
                        .clusterParameterGroupName).userValues().containsKey(FORCE_SSL));
        if (!userSet) {
            values.remove(FORCE_SSL);
        }
        return values;
    }

    /**
     * A dynamic change applied immediately reaches the server at once (RDS applies dynamic parameters without a
     * reboot): the engine reloads its configuration. An engine failure is logged; the API call still succeeds, as
     * AWS's would.
     */
    private void applyDynamic(DbInstance i) {
        if (i.spec.dbEngine() == null) {
            return;
        }
        try {
            i.spec.dbEngine().applyDynamic(engineParameters(i));
        } catch (RuntimeException e) {
            LOG.error("engine of {} could not apply its dynamic parameters", i.id, e);
        }
    }

    /** True while this exact instance object is still registered (a reboot may outlive a deregistration). */
    boolean isRegistered(DbInstance i) {
        return instances.get(i.id) == i;
    }

    @Override
    public void close() {
        work.close();
    }

    private List<DbInstance> users(ParameterGroup g) {
        List<DbInstance> result = new ArrayList<>();
        for (DbInstance i : instances.values()) {
            boolean uses = g.kind() == GroupKind.DB
                    ? g.name().equals(i.parameterGroupName)
                    : i.aurora() && g.name().equals(clusters.get(key(i.spec.clusterId())).clusterParameterGroupName);
            if (uses) {
                result.add(i);
            }
        }
        return result;
    }

    List<DbInstance> members(String clusterId) {
        String c = key(clusterId);
        return instances.values().stream().filter(i -> i.aurora() && key(i.spec.clusterId()).equals(c)).toList();
    }

    private DbInstance requireInstance(String id) {
        DbInstance i = id == null ? null : instances.get(key(id));
        if (i == null) {
            throw RdsErrors.dbInstanceNotFound(id);
        }
        return i;
    }

    private DbCluster requireCluster(String id) {
        DbCluster c = id == null ? null : clusters.get(key(id));
        if (c == null) {
            throw RdsErrors.dbClusterNotFound(id);
        }
        return c;
    }

    private static void requireAvailable(DbInstance i) {
        if (!DbInstance.AVAILABLE.equals(i.status)) {
            throw RdsErrors.invalidDbInstanceState(i.id, i.status);
        }
    }

    private ParameterGroupView view(ParameterGroup g) {
        return new ParameterGroupView(g.kind(), g.name(), g.family().name(), g.description(), g.arn(region, ACCOUNT));
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
