package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.aws.rds.DbClusterSpec;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.rds.AuroraCluster;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import dev.ingestrunbooks.target.Database;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.TargetKind;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded world of one scenario: an AWS control-plane emulator spoken to by the real AWS SDK, and the RDS
 * instances and Aurora clusters the scenario declares, each a real PostgreSQL server registered with the emulator.
 * {@link #close()} stops everything in reverse order, also after a failure.
 */
public final class SandboxTarget extends EmbeddedTarget {
    private static final String DATABASE = "postgres";
    private String postgresVersion = "not started";

    private SandboxTarget(RunbookConfig config, EmulatedAws aws) {
        super(config, aws);
    }

    /** Starts the AWS emulator; databases start when the scenario declares them. */
    public static SandboxTarget start(RunbookConfig config) {
        return new SandboxTarget(config, EmulatedAws.start(config.region(), Duration.ofMillis(100)));
    }

    @Override
    public TargetKind kind() {
        return TargetKind.SANDBOX;
    }

    @Override
    public Database rdsInstance(String identifier) {
        RdsPostgresInstance instance = own(RdsPostgresInstance.builder(identifier)
                .postgresMajorVersion(config.postgresMajorVersion()).start());
        postgresVersion = instance.postgresVersion();
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds(identifier, instance.postgresVersion(),
                instance.host(), instance.port(), instance).withVpcSecurityGroupIds(defaultSecurityGroup()));
        return new Database(identifier, false, endpoint(instance.endpoint()), Optional.empty(),
                instance.masterUsername(), Secrets.register(instance.masterPassword()));
    }

    @Override
    public Database auroraCluster(String identifier, String engineVersion, String engineMode) {
        AuroraCluster cluster = own(AuroraCluster.builder(identifier)
                .postgresMajorVersion(config.postgresMajorVersion()).start());
        RdsPostgresInstance writer = cluster.writer();
        postgresVersion = writer.postgresVersion();
        String version = engineVersion != null ? engineVersion : writer.postgresVersion();
        InetSocketAddress writerEndpoint = cluster.writerEndpoint();
        InetSocketAddress readerEndpoint = cluster.readerEndpoint();
        RdsBackend backend = aws.rdsBackend();
        backend.registerCluster(new DbClusterSpec(identifier, version, engineMode, writerEndpoint.getHostString(),
                readerEndpoint.getHostString(), writerEndpoint.getPort(), writer.masterUsername(), DATABASE));
        backend.registerInstance(DbInstanceSpec.auroraMember(writer.identifier(), identifier, version,
                writerEndpoint.getHostString(), writerEndpoint.getPort(), true, writer)
                .withVpcSecurityGroupIds(defaultSecurityGroup()));
        backend.registerInstance(DbInstanceSpec.auroraMember(cluster.reader().identifier(), identifier, version,
                readerEndpoint.getHostString(), readerEndpoint.getPort(), false, cluster.reader())
                .withVpcSecurityGroupIds(defaultSecurityGroup()));
        return new Database(identifier, true, endpoint(writerEndpoint), Optional.of(endpoint(readerEndpoint)),
                writer.masterUsername(), Secrets.register(writer.masterPassword()));
    }

    /**
     * The default VPC's default security group, which new instances join as in AWS. Its rules are not enforced on
     * the endpoints yet (section B's runbooks will add that); DescribeDBInstances and DescribeSecurityGroups agree.
     */
    private java.util.List<String> defaultSecurityGroup() {
        return java.util.List.of(aws.ec2Backend().defaultGroup().id());
    }

    private static PgEndpoint endpoint(InetSocketAddress address) {
        return new PgEndpoint(address.getHostString(), address.getPort(), DATABASE);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("region", config.region());
        d.put("aws.endpoint", aws.endpoint().toString());
        d.put("postgres.version", postgresVersion);
        d.put("postgres.requested-major", String.valueOf(config.postgresMajorVersion()));
        d.put("materialize", materializeVersion());
        return d;
    }
}
