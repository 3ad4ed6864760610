package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.AwsCallRecorder;
import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.evidence.Secrets;
import software.amazon.awssdk.regions.Region;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The user's own AWS account and database. AWS is reached through the SDK's default credential chain; PostgreSQL
 * through libpq's variables (see {@link LiveSettings}). Nothing is changed unless the user opted in with
 * {@code runbook.live.allow-changes=true}; the target creates nothing itself, so closing it removes nothing.
 */
public final class LiveTarget implements Target {
    private final RunbookConfig config;
    private final LiveSettings settings;
    private final RdsClient rds;
    private final ElasticLoadBalancingV2Client elbv2;
    private final AwsControlPlane aws;
    private final ChangeGuard guard;
    private MaterializeAccess materialize;
    private final Ec2Client ec2;

    private LiveTarget(RunbookConfig config, LiveSettings settings, RdsClient rds, Ec2Client ec2,
            ElasticLoadBalancingV2Client elbv2) {
        this.config = config;
        this.settings = settings;
        this.rds = rds;
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.guard = guard(config);
        this.aws = new AwsControlPlane(rds, ec2, elbv2, guard, Duration.ofSeconds(15));
    }

    public static LiveTarget open(RunbookConfig config) {
        LiveSettings settings = config.live();
        Secrets.register(settings.pgPassword());
        RdsClient rds = RdsClient.builder().region(Region.of(config.region()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        Ec2Client ec2 = Ec2Client.builder().region(Region.of(config.region()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        ElasticLoadBalancingV2Client elbv2 = ElasticLoadBalancingV2Client.builder().region(Region.of(config.region()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsCallRecorder())).build();
        return new LiveTarget(config, settings, rds, ec2, elbv2);
    }

    static ChangeGuard guard(RunbookConfig config) {
        return action -> {
            if (!config.liveChangesAllowed()) {
                throw new ConfigException("this step would " + action + " in your live AWS account; live runs are "
                        + "read-only unless you pass -D" + RunbookConfig.ALLOW_LIVE_CHANGES + "=true");
            }
        };
    }

    @Override
    public TargetKind kind() {
        return TargetKind.LIVE;
    }

    @Override
    public AwsControlPlane aws() {
        return aws;
    }

    @Override
    public ChangeGuard guard() {
        return guard;
    }

    @Override
    public Database rdsInstance(String identifier) {
        String id = settings.rdsInstance().orElse(identifier);
        aws.instance(id); // DBInstanceNotFound names a wrong identifier before any SQL runs
        return new Database(id, false, endpoint(), Optional.empty(), settings.pgUser(), settings.pgPassword());
    }

    @Override
    public Database auroraCluster(String identifier, String engineVersion, String engineMode) {
        String id = settings.auroraCluster().orElse(identifier);
        DBCluster cluster = aws.cluster(id);
        Optional<PgEndpoint> reader = Optional.ofNullable(cluster.readerEndpoint())
                .map(host -> new PgEndpoint(host, cluster.port(), settings.pgDatabase()));
        return new Database(id, true, endpoint(), reader, settings.pgUser(), settings.pgPassword());
    }

    private PgEndpoint endpoint() {
        return new PgEndpoint(settings.pgHost(), settings.pgPort(), settings.pgDatabase());
    }

    @Override
    public MaterializeAccess materialize() {
        if (materialize == null) {
            materialize = LiveSettings.materialize(config);
            Secrets.register(materialize.password());
        }
        return materialize;
    }

    /**
     * A live region runs today's Materialize: a scenario that needs the guide's era (before v0.98, with
     * {@code ALTER SOURCE … DROP SUBSOURCE}) cannot run there.
     */
    @Override
    public String adminWorkstation() {
        return config.get(RunbookConfig.ADMIN_CIDR).orElseThrow(() -> new TargetUnavailableException(
                "this step needs the CIDR your own connections come from: set -D" + RunbookConfig.ADMIN_CIDR
                        + "=203.0.113.7/32"));
    }

    @Override
    public void requireMaterializeVersion(String version) {
        if (MaterializeVersion.parse(version) != MaterializeVersion.DEFAULT) {
            throw new TargetUnavailableException("this scenario needs Materialize " + version + " (the guide's era,"
                    + " before v0.98); a live region runs a current version");
        }
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("region", config.region(), "postgres.endpoint", endpoint().toString(),
                "live.allow-changes", String.valueOf(config.liveChangesAllowed()));
    }

    @Override
    public void close() {
        rds.close();
        ec2.close();
        elbv2.close();
    }
}
