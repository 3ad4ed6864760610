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
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.ec2.IngressRule;
import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded world of one scenario: an AWS control-plane emulator spoken to by the real AWS SDK, and the RDS
 * instances and Aurora clusters the scenario declares, each a real PostgreSQL server registered with the emulator.
 * {@link #close()} stops everything in reverse order, also after a failure.
 */
public final class SandboxTarget extends EmbeddedTarget {
    /** Where the admin's psql and the runbooks' own connections come from. */
    public static final String ADMIN_WORKSTATION = "127.0.0.1/32";
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
        List<String> groups = securityGroup(identifier, instance.port());
        instance.setAccessRule(securityGroupRule(groups, instance.port()));
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds(identifier, instance.postgresVersion(),
                instance.host(), instance.port(), instance).withVpcSecurityGroupIds(groups));
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
        List<String> groups = securityGroup(identifier, writerEndpoint.getPort());
        writer.setAccessRule(securityGroupRule(groups, writerEndpoint.getPort()));
        cluster.reader().setAccessRule(securityGroupRule(groups, readerEndpoint.getPort()));
        backend.registerInstance(DbInstanceSpec.auroraMember(writer.identifier(), identifier, version,
                writerEndpoint.getHostString(), writerEndpoint.getPort(), true, writer)
                .withVpcSecurityGroupIds(groups));
        backend.registerInstance(DbInstanceSpec.auroraMember(cluster.reader().identifier(), identifier, version,
                readerEndpoint.getHostString(), readerEndpoint.getPort(), false, cluster.reader())
                .withVpcSecurityGroupIds(groups));
        return new Database(identifier, true, endpoint(writerEndpoint), Optional.of(endpoint(readerEndpoint)),
                writer.masterUsername(), Secrets.register(writer.masterPassword()));
    }

    /**
     * The database's own security group, {@code <identifier>-sg}, as an admin creates one with the instance: it
     * admits the admin's workstation ({@value #ADMIN_WORKSTATION}, where psql and the runbooks connect from) on the
     * database port, and nothing else. Materialize, whose outbound connections leave from
     * {@link SandboxMaterialize#EGRESS_ADDRESS}, gets in only once step B adds its egress IPs.
     */
    private List<String> securityGroup(String identifier, int port) {
        Ec2Backend ec2 = aws.ec2Backend();
        String group = ec2.createGroup(identifier + "-sg", "database " + identifier, null).id();
        ec2.authorize(group, List.of(new IngressRule("tcp", port, port, ADMIN_WORKSTATION, null,
                "admin workstation")));
        return List.of(group);
    }

    /** The endpoint admits a client when an inbound rule of {@code groups} does; otherwise it drops it silently. */
    private AdmissionRule securityGroupRule(List<String> groups, int port) {
        Ec2Backend ec2 = aws.ec2Backend();
        return attempt -> ec2.admitsTcp(groups, attempt.source().getAddress(), port) ? Admission.admit()
                : Admission.drop("no inbound rule of " + groups + " admits " + attempt.source().getAddress()
                        .getHostAddress() + " on port " + port);
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
