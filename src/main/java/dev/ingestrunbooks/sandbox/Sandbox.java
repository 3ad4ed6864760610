package dev.ingestrunbooks.sandbox;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.ec2.Instance;
import dev.ingestrunbooks.sandbox.aws.ec2.InstanceListener;
import dev.ingestrunbooks.sandbox.aws.ec2.IngressRule;
import dev.ingestrunbooks.sandbox.aws.rds.DbClusterSpec;
import dev.ingestrunbooks.sandbox.rds.DbEngine;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkConfig;
import dev.ingestrunbooks.sandbox.network.Admission;
import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import dev.ingestrunbooks.sandbox.rds.AuroraCluster;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import dev.ingestrunbooks.sandbox.ssh.SshBastion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The sandbox's one composition root: it starts the AWS control-plane emulator, starts the databases a caller asks
 * for and registers them with it (each behind its own security group), starts the Materialize emulator on first use,
 * and stops all of it, newest first, also after a failure. The sandbox and containers targets and the standalone
 * command all build their world through it, so the wiring (which address Materialize leaves from, which group admits
 * whom, what stops before what) is written once.
 *
 * <p>Addresses: the admin's workstation (psql, the runbooks' own connections) is {@value #ADMIN_WORKSTATION};
 * Materialize's outbound connections leave from {@link SandboxMaterialize#EGRESS_ADDRESS}, which a database's group
 * admits only once guide step B adds it.
 *
 * <p>EC2 instances are real hosts: each one that runs gets an SSH server ({@link SshBastion}) on its public IP and
 * the sandbox's SSH port ({@link #sshPort()}), with user {@value #INSTANCE_USER} holding the launch key pair's public
 * key, admitting only clients its security groups admit on that port, and forwarding from its private IP (so a
 * database's security group judges the bastion). Associating an Elastic IP moves the server to the new address;
 * terminating the instance stops it. An instance launched without a key pair has no SSH server (nobody could log
 * in).
 *
 * <p>Materialize's AWS PrivateLink connections get their VPC endpoints from the emulator's endpoint services (as
 * Materialize's own account would: {@link SandboxPrivateLink}), and the region's zone ids are the emulator's.
 *
 * <p>Stop order: Materialize first (it holds replication slots on the databases), then the AWS emulator (it waits for
 * reboots in flight), then everything else newest first.
 */
public final class Sandbox implements AutoCloseable {
    /** Where the admin's psql and the runbooks' own connections come from. */
    public static final String ADMIN_WORKSTATION = "127.0.0.1/32";
    private static final String DATABASE = "postgres";
    /** The login of an instance's image (Amazon Linux's). */
    public static final String INSTANCE_USER = "ec2-user";

    /**
     * How a sandbox starts.
     *
     * @param region              the emulated AWS region
     * @param postgresMajor       the PostgreSQL major of the databases and of Materialize's backing database
     * @param pollInterval        how often the AWS driver polls a state (instance status, reboot)
     * @param materializeVersion  the Materialize version the emulator imitates
     * @param materializePassword Materialize's login password; empty: one is generated, or none when
     *                            {@code materializeTrustsEveryLogin}
     * @param materializeTrustsEveryLogin whether Materialize lets any login in (the standalone sandbox's default)
     */
    public record Options(String region, int postgresMajor, Duration pollInterval,
            MaterializeVersion materializeVersion, Optional<String> materializePassword,
            boolean materializeTrustsEveryLogin) {
        public Options {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(materializeVersion, "materializeVersion");
            materializePassword = Objects.requireNonNullElse(materializePassword, Optional.empty());
        }

        /** Today's Materialize, a generated password, and a 100 ms poll. */
        public static Options of(String region, int postgresMajor) {
            return new Options(region, postgresMajor, Duration.ofMillis(100), MaterializeVersion.DEFAULT,
                    Optional.empty(), false);
        }

        public Options withPollInterval(Duration interval) {
            return new Options(region, postgresMajor, interval, materializeVersion, materializePassword,
                    materializeTrustsEveryLogin);
        }

        public Options withMaterializeVersion(MaterializeVersion version) {
            return new Options(region, postgresMajor, pollInterval, version, materializePassword,
                    materializeTrustsEveryLogin);
        }

        public Options withMaterializePassword(String password) {
            return new Options(region, postgresMajor, pollInterval, materializeVersion, Optional.of(password), false);
        }

        /** Materialize lets any login in, when no password is given. */
        public Options withMaterializeTrustingEveryLogin() {
            return new Options(region, postgresMajor, pollInterval, materializeVersion, materializePassword, true);
        }
    }

    private final Options options;
    private final EmulatedAws aws;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private MaterializeVersion materializeVersion;
    private SandboxMaterialize materialize;
    private String postgresVersion = "not started";
    private boolean closed;
    private final int sshPort;
    private final Map<String, SshBastion> hosts = new ConcurrentHashMap<>();
    private final Map<String, RdsPostgresInstance> rdsInstances = new ConcurrentHashMap<>();
    private int movedAddresses;

    private Sandbox(Options options, EmulatedAws aws) {
        this.options = options;
        this.aws = aws;
        this.materializeVersion = options.materializeVersion();
        this.sshPort = freePort();
        aws.ec2Backend().addInstanceListener(new InstanceHosts());
        // an endpoint service's load balancers are ELBv2's (an ARN it does not know throws: "no such load balancer")
        aws.ec2Backend().setLoadBalancerDirectory(arn -> Optional.of(aws.elbv2Backend().loadBalancer(arn).zones()
                .stream().map(dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend.ZoneAddress::zone).distinct()
                .toList()));
    }

    /** Starts the AWS emulator; databases and Materialize start when asked for. */
    public static Sandbox start(Options options) {
        return new Sandbox(options, EmulatedAws.start(options.region(), options.pollInterval()));
    }

    public Options options() {
        return options;
    }

    /** The driver a runbook's AWS steps use (real SDK clients pointed at the emulator). */
    public AwsControlPlane aws() {
        return aws.driver();
    }

    /** Where the AWS emulator listens (an endpoint override for another SDK client or the AWS CLI). */
    public URI awsEndpoint() {
        return aws.endpoint();
    }

    /** Every AWS action requested of the emulator so far, as {@code service:Action}. */
    public List<String> awsActions() {
        return aws.actions();
    }

    /** The RDS model, for callers that set up parameter groups before a database registers. */
    public RdsBackend rdsBackend() {
        return aws.rdsBackend();
    }

    /** The EC2 model (VPC, subnets, security groups). */
    public Ec2Backend ec2Backend() {
        return aws.ec2Backend();
    }

    /**
     * The port every instance's SSH server listens on, on the instance's own public IP: 22 on AWS, but binding it
     * needs root, so the sandbox picks one free port when it starts (known before any instance launches, so a
     * security-group rule can name it first).
     */
    public int sshPort() {
        return sshPort;
    }

    /** The SSH server of a running instance, if it has one (it needs a public IP). */
    public Optional<SshBastion> host(String instanceId) {
        return Optional.ofNullable(hosts.get(instanceId));
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the sandbox's SSH servers", e);
        }
    }

    /** Starts, moves and stops each instance's SSH server as EC2 runs, re-addresses and terminates it. */
    private final class InstanceHosts implements InstanceListener {
        @Override
        public void running(Instance instance) {
            if (instance.publicIp() != null) {
                startHost(instance);
            }
        }

        @Override
        public void publicAddressChanged(Instance instance, String oldPublicIp) {
            SshBastion host = hosts.get(instance.id());
            if (host == null && instance.publicIp() != null) {
                startHost(instance);
            } else if (host != null && instance.publicIp() != null) {
                host.moveTo(instance.publicIp());
            } else if (host != null) {
                stopHost(instance.id());
            }
        }

        @Override
        public void terminated(Instance instance) {
            stopHost(instance.id());
        }
    }

    /** An instance launched without a key pair gets no SSH server: nobody could ever log in to it. */
    private void startHost(Instance instance) {
        synchronized (this) {
            if (closed || instance.keyName() == null) {
                return;
            }
        }
        Ec2Backend ec2 = aws.ec2Backend();
        List<String> groups = instance.groupIds();
        SshBastion.Builder builder = SshBastion.builder(instance.id()).publicAddress(instance.publicIp())
                .privateAddress(instance.privateIp()).port(sshPort)
                .admissionRule(attempt -> ec2.admitsTcp(groups, attempt.source().getAddress(), sshPort)
                        ? Admission.admit()
                        : Admission.drop("no inbound rule of " + groups + " admits " + attempt.source().getAddress()
                                .getHostAddress() + " on port " + sshPort));
        builder.user(INSTANCE_USER, ec2.keyPair(instance.keyName()).publicKey());
        SshBastion host = builder.start();
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                hosts.put(instance.id(), host);
            }
        }
        if (!keep) {
            host.close();
        }
    }

    private void stopHost(String instanceId) {
        SshBastion host = hosts.remove(instanceId);
        if (host != null) {
            host.close();
        }
    }

    /** An RDS for PostgreSQL instance with the defaults (master user {@code postgres}, the default parameter group). */
    public Database rdsInstance(String identifier) {
        return rdsInstance(identifier, UnaryOperator.identity(), null);
    }

    /**
     * An RDS for PostgreSQL instance: an embedded PostgreSQL server built by {@code customize}, registered with the
     * emulator (associated with DB parameter group {@code parameterGroup}, which must exist, or the default when
     * null) behind its own security group.
     */
    public synchronized Database rdsInstance(String identifier,
            UnaryOperator<RdsPostgresInstance.Builder> customize, String parameterGroup) {
        requireOpen();
        RdsPostgresInstance instance = own(customize.apply(RdsPostgresInstance.builder(identifier)
                .postgresMajorVersion(options.postgresMajor())).start());
        postgresVersion = instance.postgresVersion();
        rdsInstances.put(identifier, instance);
        List<String> groups = securityGroup(identifier, instance.port());
        instance.setAccessRule(securityGroupRule(groups, instance.port()));
        DbInstanceSpec spec = DbInstanceSpec.rds(identifier, instance.postgresVersion(), instance.host(),
                instance.port(), instance).withVpcSecurityGroupIds(groups);
        if (parameterGroup == null) {
            aws.rdsBackend().registerInstance(spec);
        } else {
            aws.rdsBackend().registerInstance(spec, parameterGroup);
        }
        return new Database(identifier, false, endpoint(instance.endpoint()), Optional.empty(),
                instance.masterUsername(), Secrets.register(instance.masterPassword()));
    }

    /**
     * The address behind an RDS instance's endpoint changes, as the guide warns AWS may do without notice: the
     * endpoint moves to a new loopback address (same port), open connections end, and DescribeDBInstances reports the
     * new address. Returns the database with its new endpoint.
     */
    public synchronized Database moveRdsInstanceAddress(Database database) {
        RdsPostgresInstance instance = rdsInstances.get(database.identifier());
        if (instance == null) {
            throw new IllegalArgumentException("no sandbox RDS instance " + database.identifier());
        }
        String address = "127.0.4." + (++movedAddresses);
        instance.moveEndpoint(address);
        aws.rdsBackend().moveInstanceAddress(database.identifier(), address);
        return new Database(database.identifier(), false, new PgEndpoint(address, database.endpoint().port(),
                database.endpoint().database()), Optional.empty(), database.adminUser(), database.adminPassword());
    }

    /**
     * An RDS instance that runs elsewhere (e.g. in a container), registered with the emulator without a security
     * group: its endpoint cannot enforce one. It stops with the sandbox.
     */
    public synchronized <T extends DbEngine & AutoCloseable> Database adoptRdsInstance(String identifier, T instance,
            InetSocketAddress endpoint, String postgresVersion, String masterUsername, String masterPassword) {
        requireOpen();
        own(instance);
        this.postgresVersion = postgresVersion;
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds(identifier, postgresVersion, endpoint.getHostString(),
                endpoint.getPort(), instance));
        return new Database(identifier, false, endpoint(endpoint), Optional.empty(), masterUsername,
                Secrets.register(masterPassword));
    }

    /**
     * An Aurora PostgreSQL cluster: a writer and a hot-standby reader, registered with the emulator as a cluster and
     * its two members, all behind one security group (as members of a cluster share the cluster's groups).
     *
     * @param engineVersion what AWS reports (e.g. "16.4"); null for the server's own version
     * @param engineMode    "provisioned", or "serverless" for Aurora Serverless v1
     */
    public synchronized Database auroraCluster(String identifier, String engineVersion, String engineMode) {
        requireOpen();
        AuroraCluster cluster = own(AuroraCluster.builder(identifier)
                .postgresMajorVersion(options.postgresMajor()).start());
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
     * admits the admin's workstation on the database port, and nothing else.
     */
    private List<String> securityGroup(String identifier, int port) {
        Ec2Backend ec2 = aws.ec2Backend();
        String group = ec2.createGroup(identifier + "-sg", "database " + identifier, null).id();
        ec2.authorize(group, List.of(new IngressRule("tcp", port, port, ADMIN_WORKSTATION, null,
                "admin workstation")));
        return List.of(group);
    }

    /** An endpoint admits a client when an inbound rule of {@code groups} does; otherwise it drops it silently. */
    private AdmissionRule securityGroupRule(List<String> groups, int port) {
        Ec2Backend ec2 = aws.ec2Backend();
        return attempt -> ec2.admitsTcp(groups, attempt.source().getAddress(), port) ? Admission.admit()
                : Admission.drop("no inbound rule of " + groups + " admits " + attempt.source().getAddress()
                        .getHostAddress() + " on port " + port);
    }

    private static PgEndpoint endpoint(InetSocketAddress address) {
        return new PgEndpoint(address.getHostString(), address.getPort(), DATABASE);
    }

    /** Materialize, started on first use with the version declared last (or the options' version). */
    public synchronized SandboxMaterialize materialize() {
        requireOpen();
        if (materialize == null) {
            List<String> zoneIds = aws.ec2Backend().zones().stream().map(Ec2Backend.Zone::id).toList();
            SandboxPrivateLink privateLink = own(new SandboxPrivateLink(aws.ec2Backend(), aws.elbv2Backend()));
            materialize = own(SandboxMaterialize.start(materializeVersion, options.postgresMajor(),
                    options.materializePassword(), options.materializeTrustsEveryLogin(), emulator -> emulator
                            .withPrivateLinkNetwork(privateLink)
                            .withPrivateLinkConfig(PrivateLinkConfig.defaults().withZoneIds(zoneIds))));
        }
        return materialize;
    }

    /** How a runbook logs in to Materialize (starts it on first use). */
    public MaterializeAccess materializeAccess() {
        return materialize().access();
    }

    /** Materialize will imitate {@code version}; it must not have started yet with another one. */
    public synchronized void requireMaterializeVersion(MaterializeVersion version) {
        if (materialize != null && materialize.imitated() != version) {
            throw new IllegalStateException("the sandbox Materialize already runs " + materialize.version()
                    + "; declare the version before the first Materialize step");
        }
        materializeVersion = version;
    }

    /** The kind of every Materialize statement run so far; empty when Materialize never started. */
    public synchronized List<String> materializeStatements() {
        return materialize == null ? List.of() : materialize.statements();
    }

    /** What {@code mz_version()} reports, or "not started". */
    public synchronized String materializeVersion() {
        return materialize == null ? "not started" : materialize.version();
    }

    /** The version of the last PostgreSQL server started, or "not started". */
    public synchronized String postgresVersion() {
        return postgresVersion;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the sandbox has stopped");
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /**
     * Stops Materialize, then the AWS emulator (waiting for reboots in flight), then every other resource, newest
     * first; every stop is attempted even when one fails. Idempotent.
     */
    @Override
    public void close() {
        List<AutoCloseable> toStop = new java.util.ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (materialize != null) {
                owned.remove(materialize);
                toStop.add(materialize);
            }
            toStop.add(aws);
            toStop.addAll(hosts.values());
            hosts.clear();
            toStop.addAll(owned);
            owned.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : toStop) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("sandbox cleanup failed: "
                            + Secrets.mask(String.valueOf(e.getMessage())), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
