package dev.ingestrunbooks.target;

import dev.ingestrunbooks.sandbox.SandboxMaterialize;
import dev.ingestrunbooks.drivers.LogicalReplicationSetup;
import dev.ingestrunbooks.drivers.Materialize;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.SshLogin;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.inventory.SecretRef;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import dev.ingestrunbooks.target.inventory.SetupSpec.Kind;
import dev.ingestrunbooks.target.inventory.SetupSpec.Login;
import dev.ingestrunbooks.target.inventory.SetupSpec.Names;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox setup in the state the guide leaves it in, to run the compliance checks against: an RDS instance or Aurora
 * cluster with logical replication enabled through a custom (cluster) parameter group and a reboot (A1), two tables
 * with {@code REPLICA IDENTITY FULL} in publication {@code mz_source} and a replication user {@code materialize} with
 * the guide's grants (A2), one tab of step B ({@link Network}: the database's security group admitting Materialize's
 * egress IP, an AWS PrivateLink path, or an SSH bastion), and in the sandbox Materialize a cluster, secret, connection
 * ({@code SSL MODE 'require'}, or through the tab's PrivateLink or SSH connection; the writer endpoint on Aurora) and
 * a source for all tables whose snapshot is committed (C1 to C3). Checks log in
 * as {@code health_checker}, a member of {@code pg_monitor} only, as a real deployment would.
 *
 * <p>Everything is done through the same drivers and SQL a runbook uses; {@link #target()} gives access for drift
 * tests that break one thing afterwards. {@link #close()} drops the source (and with it its slot) and stops
 * everything.
 */
public final class SandboxSetup implements AutoCloseable {

    /** The upstream tables, created with a few rows each. */
    public static final String TABLES = "orders, customers";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(SandboxSetup.class);

    private final SandboxTarget target;
    private final Database database;
    private final Materialize materialize;
    private final SetupSpec spec;
    private final java.util.Deque<Runnable> onClose = new java.util.ArrayDeque<>();

    private SandboxSetup(SandboxTarget target, Database database, Materialize materialize, SetupSpec spec) {
        this.target = target;
        this.database = database;
        this.materialize = materialize;
        this.spec = spec;
    }

    /** Which tab of guide step B the setup takes. */
    public enum Network {
        /** "Allow Materialize IPs": the database's security group admits Materialize's egress IP. */
        EGRESS_IPS,
        /**
         * "AWS PrivateLink": an {@code ip} target group with the database's address, a network load balancer, the
         * database's group open to the VPC CIDR, an endpoint service allowing Materialize's principal, and the
         * connection through {@code privatelink_svc} once its endpoint connection is accepted.
         */
        PRIVATELINK,
        /**
         * "Use an SSH tunnel": an EC2 bastion ({@code <name>-bastion}, key pair and security group of the same prefix)
         * with an Elastic IP, admitting the egress IP on the SSH port; the database admits the bastion's group; the
         * connection goes through {@code ssh_connection} whose keys are in the bastion's authorized_keys.
         */
        SSH_BASTION
    }

    /** Walks the guide to a healthy setup called {@code name} (also the instance or cluster identifier). */
    public static SandboxSetup healthy(Kind kind, String name, RunbookConfig config) {
        return healthy(kind, name, config, Network.EGRESS_IPS);
    }

    /** Walks the guide, taking {@code network}'s tab of step B, to a healthy setup called {@code name}. */
    public static SandboxSetup healthy(Kind kind, String name, RunbookConfig config, Network network) {
        SandboxTarget target = SandboxTarget.start(config);
        Materialize materialize = null;
        try {
            Database db = kind == Kind.RDS ? target.rdsInstance(name) : target.auroraCluster(name, null, null);
            LogicalReplicationSetup a1 = new LogicalReplicationSetup(target.aws(), WAIT);
            if (kind == Kind.RDS) {
                a1.enableOnInstance(name, name + "-logical-replication");
            } else {
                a1.enableOnCluster(name, name + "-logical-replication");
            }
            String replicationPassword = password("Repl");
            String checkerPassword = password("Check");
            UpstreamPostgres upstream = new UpstreamPostgres(db.endpoint(), db.adminUser(), db.adminPassword(),
                    target.guard());
            upstream.execute("CREATE TABLE orders (id int PRIMARY KEY, item text, quantity int);\n"
                    + "CREATE TABLE customers (id int PRIMARY KEY, name text);\n"
                    + "INSERT INTO orders SELECT g, 'item ' || g, g % 7 FROM generate_series(1, 50) g;\n"
                    + "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 20) g;\n"
                    + "ALTER TABLE orders REPLICA IDENTITY FULL;\n"
                    + "ALTER TABLE customers REPLICA IDENTITY FULL;\n"
                    + "CREATE PUBLICATION mz_source FOR TABLE " + TABLES + ";\n"
                    + "CREATE USER materialize PASSWORD " + PgQuote.literal(replicationPassword) + ";\n"
                    + "GRANT rds_replication TO materialize;\n"
                    + "GRANT CONNECT ON DATABASE " + db.endpoint().database() + " TO materialize;\n"
                    + "GRANT USAGE ON SCHEMA public TO materialize;\n"
                    + "GRANT SELECT ON " + TABLES + " TO materialize;\n"
                    + "CREATE USER health_checker PASSWORD " + PgQuote.literal(checkerPassword) + ";\n"
                    + "GRANT pg_monitor TO health_checker;");
            MaterializeAccess mz = target.materialize();
            String group = target.aws().databaseSecurityGroups(name, kind == Kind.AURORA).get(0);
            materialize = new Materialize(mz.endpoint(), mz.user(), mz.password(), target.guard());
            String route;
            if (network == Network.SSH_BASTION) {
                sshBastion(target, materialize, name, group);
                route = "SSH TUNNEL ssh_connection";
            } else if (network == Network.PRIVATELINK) {
                privateLink(target, materialize, name, group, db);
                route = "AWS PRIVATELINK privatelink_svc";
            } else {
                target.aws().allowIngress(group, db.endpoint().port(), SandboxMaterialize.EGRESS_ADDRESS + "/32",
                        "Materialize egress"); // step B
                route = "SSL MODE 'require'";
            }
            materialize.execute("CREATE CLUSTER ingest_postgres (SIZE = '50cc');\n"
                    + "CREATE SECRET pgpass AS " + PgQuote.literal(replicationPassword) + ";\n"
                    + "CREATE CONNECTION pg_connection TO POSTGRES (HOST " + PgQuote.literal(db.endpoint().host())
                    + ", PORT " + db.endpoint().port() + ", USER 'materialize', PASSWORD SECRET pgpass, "
                    + route + ", DATABASE " + PgQuote.literal(db.endpoint().database()) + ");\n"
                    + "CREATE SOURCE mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg_connection"
                    + " (PUBLICATION 'mz_source') FOR ALL TABLES;");
            awaitSnapshot(materialize);
            SetupSpec spec = new SetupSpec(name, kind, config.region(), name, Optional.of(target.awsEndpoint()),
                    new Login(db.endpoint().host(), db.endpoint().port(), db.endpoint().database(), "health_checker",
                            new SecretRef.InMemory(checkerPassword)),
                    new Login(mz.endpoint().host(), mz.endpoint().port(), mz.endpoint().database(), mz.user(),
                            new SecretRef.InMemory(mz.password())),
                    Names.GUIDE, SetupSpec.Thresholds.DEFAULTS);
            return new SandboxSetup(target, db, materialize, spec);
        } catch (RuntimeException | Error e) {
            closeQuietly(materialize, target);
            throw e;
        }
    }

    /** The image the bastion runs (any well-formed id on the sandbox). */
    private static final String BASTION_IMAGE = "ami-0453ec754f44f9a4a";

    /**
     * Step B, tab "Use an SSH tunnel", and C2's SSH connection: the bastion with an Elastic IP, its security group
     * open to the admin's workstation and Materialize's egress IP on the SSH port, the database's group open to the
     * bastion's group (All TCP), and Materialize's two keys appended to authorized_keys over the admin's SSH login.
     */
    private static void sshBastion(SandboxTarget target, Materialize materialize, String name, String dbGroup) {
        var aws = target.aws();
        SshLogin.AdminKey key = SshLogin.generateKey("admin@sandbox");
        aws.importKeyPair(name + "-bastion-key", key.publicKeyLine());
        int sshPort = target.sshPort();
        String bastionGroup = aws.createSecurityGroupIfAbsent(name + "-bastion-sg", "SSH bastion for Materialize");
        aws.allowIngress(bastionGroup, sshPort, target.adminWorkstation(), "admin workstation");
        aws.allowIngress(bastionGroup, sshPort, SandboxMaterialize.EGRESS_ADDRESS + "/32", "Materialize egress");
        String instance = aws.runInstanceAndAwaitRunning(BASTION_IMAGE, "t3.micro", null, List.of(bastionGroup),
                name + "-bastion-key", name + "-bastion", WAIT).instanceId();
        String allocation = aws.allocateAddress();
        aws.associateAddress(allocation, instance);
        String host = aws.address(allocation).publicIp();
        aws.allowAllTcpFromGroup(dbGroup, bastionGroup, "SSH bastion");
        materialize.execute("CREATE CONNECTION ssh_connection TO SSH TUNNEL (HOST " + PgQuote.literal(host)
                + ", PORT " + sshPort + ", USER 'ec2-user');");
        ResultTable keys = materialize.query("SELECT public_key_1, public_key_2 FROM mz_connections JOIN"
                + " mz_ssh_tunnel_connections USING (id) WHERE mz_connections.name = 'ssh_connection'");
        for (String column : List.of("public_key_1", "public_key_2")) {
            SshLogin.Result appended = SshLogin.run(host, sshPort, "ec2-user", key,
                    "echo \"" + keys.single(column) + "\" >> ~/.ssh/authorized_keys");
            if (appended.exitStatus() != 0) {
                throw new IllegalStateException("adding Materialize's key on the bastion failed: " + appended.stderr());
            }
        }
        materialize.execute("VALIDATE CONNECTION ssh_connection;");
    }

    /**
     * Step B, tab "AWS PrivateLink", and C2's PrivateLink connection, as the guide orders them: target group (the
     * endpoint's address), load balancer with a listener, the database's group open to the VPC CIDR, endpoint service
     * (acceptance required), healthy target; then the connection, its principal allowed, its request accepted.
     */
    private static void privateLink(SandboxTarget target, Materialize materialize, String name, String dbGroup,
            Database db) {
        var aws = target.aws();
        int port = db.endpoint().port();
        String ip;
        try {
            ip = java.net.InetAddress.getByName(db.endpoint().host()).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("the database's endpoint does not resolve", e);
        }
        String vpc = aws.vpcOfGroup(dbGroup);
        String targetGroup = aws.createIpTargetGroup(name + "-tg", port, vpc).targetGroupArn();
        aws.registerIpTarget(targetGroup, ip, port);
        var nlb = aws.createNetworkLoadBalancerAndAwaitActive(name + "-nlb", aws.subnetIds(vpc), true, WAIT);
        aws.createTcpListener(nlb.loadBalancerArn(), port, targetGroup);
        aws.allowIngress(dbGroup, port, aws.vpcCidr(vpc), "network load balancer (VPC CIDR)");
        String service = aws.createEndpointServiceAndAwait(nlb.loadBalancerArn(), true, WAIT);
        aws.awaitTargetHealth(targetGroup, ip, port, "healthy", WAIT);
        List<String> zones = aws.zoneIds(nlb.availabilityZones().stream().map(z -> z.zoneName()).toList());
        materialize.execute("CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME "
                + PgQuote.literal(aws.endpointServiceName(service)) + ", AVAILABILITY ZONES ("
                + String.join(", ", zones.stream().map(PgQuote::literal).toList()) + "));");
        String principal = materialize.query("SELECT principal FROM mz_aws_privatelink_connections plc JOIN"
                + " mz_connections c ON plc.id = c.id WHERE c.name = 'privatelink_svc'").single("principal");
        aws.allowEndpointServicePrincipal(service, principal);
        String endpoint = Awaitility.await("Materialize's endpoint connection request").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> aws.endpointConnections(service).stream()
                        .filter(c -> c.state().equals("pendingAcceptance")).findFirst(), Optional::isPresent)
                .orElseThrow().vpcEndpointId();
        aws.acceptEndpointConnection(service, endpoint);
        aws.awaitEndpointConnectionState(service, endpoint, "available", WAIT);
        Awaitility.await("PrivateLink connection privatelink_svc available").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> "available".equals(materialize.queryQuietly(
                        "SELECT status FROM mz_internal.mz_aws_privatelink_connection_statuses WHERE name ="
                                + " 'privatelink_svc'").single("status")));
    }

    private static void awaitSnapshot(Materialize materialize) {
        Awaitility.await("source mz_source runs with its snapshot committed").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    ResultTable t = materialize.queryQuietly("SELECT bool_and(st.snapshot_committed) AS committed,"
                            + " bool_and(ss.status = 'running') AS running FROM mz_internal.mz_source_statistics st"
                            + " JOIN mz_internal.mz_source_statuses ss ON ss.id = st.id JOIN mz_catalog.mz_sources s"
                            + " ON s.id = st.id WHERE s.type IN ('postgres', 'subsource')");
                    return "t".equals(t.single("committed")) && "t".equals(t.single("running"));
                });
    }

    private static String password(String prefix) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return prefix + "-" + HexFormat.of().formatHex(random);
    }

    /** The inventory entry that describes this setup. */
    public SetupSpec spec() {
        return spec;
    }

    /** The sandbox world behind it (its AWS emulator, instance or cluster, and Materialize). */
    public SandboxTarget target() {
        return target;
    }

    /** The upstream database as its master user reaches it (for drift tests). */
    public UpstreamPostgres upstreamAsMaster() {
        return new UpstreamPostgres(database.endpoint(), database.adminUser(), database.adminPassword(),
                target.guard());
    }

    /** Materialize as the setup's owner reaches it (for drift tests); objects it creates are dropped at close. */
    public Materialize materialize() {
        return materialize;
    }

    public Database database() {
        return database;
    }

    /** Runs {@code action} first when the setup closes (newest first), e.g. to release what a drift test holds. */
    public void onClose(Runnable action) {
        onClose.push(action);
    }

    @Override
    public void close() {
        while (!onClose.isEmpty()) {
            try {
                onClose.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("sandbox setup: a close action failed: {}", e.getMessage());
            }
        }
        closeQuietly(materialize, target);
    }

    /**
     * Drops what the setup created in Materialize, then stops everything. A failed drop (e.g. a drift test revoked
     * the replication user's right to drop its slot) is logged, not thrown: the servers, and the slot with them,
     * are deleted right after.
     */
    private static void closeQuietly(Materialize materialize, SandboxTarget target) {
        try {
            if (materialize != null) {
                materialize.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox setup: {} (the sandbox's servers are removed anyway)", e.getMessage());
        } finally {
            target.close();
        }
    }
}
