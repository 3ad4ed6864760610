package dev.ingestrunbooks.sandbox.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.FakeDbEngine;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.ec2.IngressRule;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The network load balancer as a data path: real bytes through a listener to real loopback TCP servers, real health
 * checks that follow those servers, the load balancer's private IP as the source the target sees, fail-open, and
 * everything gone after close. Walks the guide's steps through the driver, as the runbook does.
 */
class Elbv2DataPathTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private AwsEmulator aws;
    private ElasticLoadBalancingV2Client elb;
    private AwsControlPlane driver;
    private List<Ec2Backend.Subnet> subnets;
    private final List<WhoAmIServer> servers = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = AwsEmulator.start();
        elb = aws.elbv2Client();
        driver = new AwsControlPlane(aws.rdsClient(), null, elb, ChangeGuard.ALLOW_ALL, Duration.ofMillis(50));
        subnets = aws.ec2Backend().subnets();
    }

    @AfterEach
    void stop() {
        servers.forEach(WhoAmIServer::close);
        elb.close();
        aws.close();
    }

    /** A target: answers each connection with the source address it saw, then closes. */
    private static final class WhoAmIServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> sources = new CopyOnWriteArrayList<>();

        WhoAmIServer(String ip, int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(ip, port));
            Thread t = new Thread(this::serve, "whoami-" + ip);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept()) {
                    String source = c.getInetAddress().getHostAddress();
                    sources.add(source);
                    OutputStream out = c.getOutputStream();
                    out.write((socket.getLocalSocketAddress() + " " + source + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // ignore
            }
        }
    }

    private WhoAmIServer server(String ip, int port) throws IOException {
        WhoAmIServer s = new WhoAmIServer(ip, port);
        servers.add(s);
        return s;
    }

    /** One connection through the listener from {@code clientIp}: the target's answer ("target-address source"). */
    private static String ask(InetSocketAddress listener, String clientIp) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(clientIp, 0));
            s.connect(listener, 2_000);
            s.setSoTimeout(5_000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private record Nlb(String arn, String tg, InetSocketAddress listener, List<String> privateIps) {
    }

    /** The guide's steps: target group, NLB in subnets a and b (awaited active), TCP listener on 5432. */
    private Nlb nlb(String name) {
        String tg = driver.createIpTargetGroup(name + "-tg", 5432, aws.ec2Backend().defaultVpc().id())
                .targetGroupArn();
        LoadBalancer lb = driver.createNetworkLoadBalancerAndAwaitActive(name, List.of(subnets.get(0).id(),
                subnets.get(1).id()), true, WAIT);
        driver.createTcpListener(lb.loadBalancerArn(), 5432, tg);
        InetSocketAddress listener = aws.elbv2Backend().listenerAddress(lb.loadBalancerArn(), 5432).orElseThrow();
        List<String> ips = lb.availabilityZones().stream()
                .map(z -> z.loadBalancerAddresses().get(0).privateIPv4Address()).toList();
        return new Nlb(lb.loadBalancerArn(), tg, listener, ips);
    }

    @Test
    void bytesReachAHealthyTargetFromTheLoadBalancersPrivateIpInTheTargetsZone() throws Exception {
        WhoAmIServer target = server("127.31.16.200", 0); // subnet b
        Nlb nlb = nlb("nlb-path");
        assertThat(nlb.listener().getAddress().getHostAddress()).isEqualTo(nlb.privateIps().get(0));
        assertThat(nlb.listener().getPort()).isEqualTo(5432); // bindable here, so the listener's own port

        driver.registerIpTarget(nlb.tg(), "127.31.16.200", target.port());
        TargetHealthDescription first = driver.targetHealth(nlb.tg(), "127.31.16.200", target.port());
        assertThat(first.targetHealth().stateAsString()).isEqualTo("initial");
        assertThat(first.target().availabilityZone()).isEqualTo("us-east-1b");
        long started = System.nanoTime();
        driver.awaitTargetHealth(nlb.tg(), "127.31.16.200", target.port(), "healthy", WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        // the health checks themselves came from the zone-b address
        assertThat(target.sources).isNotEmpty().allMatch(nlb.privateIps().get(1)::equals);

        String answer = ask(nlb.listener(), "127.0.0.1");
        assertThat(answer).endsWith(" " + nlb.privateIps().get(1));
    }

    @Test
    void aTargetWhoseServerStopsGoesUnhealthyAndHealthyAgainWhenItComesBack() throws Exception {
        WhoAmIServer target = server("127.31.0.210", 0);
        int port = target.port();
        Nlb nlb = nlb("nlb-health");
        driver.registerIpTarget(nlb.tg(), "127.31.0.210", port);
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.210", port, "healthy", WAIT);

        target.close();
        TargetHealthDescription down = driver.awaitTargetHealth(nlb.tg(), "127.31.0.210", port, "unhealthy", WAIT);
        assertThat(down.targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");
        assertThat(down.targetHealth().description()).isEqualTo("Health checks failed");

        server("127.31.0.210", port);
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.210", port, "healthy", WAIT);
    }

    @Test
    void anIpWithNothingListeningNeverBecomesHealthyAndGetsNoTrafficWhileAnotherTargetIsHealthy() throws Exception {
        WhoAmIServer good = server("127.31.0.220", 0);
        Nlb nlb = nlb("nlb-mixed");
        driver.registerIpTarget(nlb.tg(), "127.31.0.220", good.port());
        driver.registerIpTarget(nlb.tg(), "127.31.0.221", good.port()); // the instance's IP "changed": nobody there
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.220", good.port(), "healthy", WAIT);
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.221", good.port(), "unhealthy", WAIT);
        for (int i = 0; i < 4; i++) {
            assertThat(ask(nlb.listener(), "127.0.0.1")).startsWith("/127.31.0.220:");
        }
    }

    @Test
    void twoHealthyTargetsShareConnectionsRoundRobin() throws Exception {
        WhoAmIServer a = server("127.31.0.230", 0);
        WhoAmIServer b = server("127.31.0.231", a.port());
        Nlb nlb = nlb("nlb-rr");
        driver.registerIpTarget(nlb.tg(), "127.31.0.230", a.port());
        driver.registerIpTarget(nlb.tg(), "127.31.0.231", a.port());
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.230", a.port(), "healthy", WAIT);
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.231", a.port(), "healthy", WAIT);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(ask(nlb.listener(), "127.0.0.1").split(" ")[0]);
        }
        assertThat(answers).filteredOn(s -> s.startsWith("/127.31.0.230:")).hasSize(2);
        assertThat(answers).filteredOn(s -> s.startsWith("/127.31.0.231:")).hasSize(2);
    }

    @Test
    void whenEveryTargetIsUnhealthyTheLoadBalancerFailsOpen() throws Exception {
        WhoAmIServer target = server("127.31.0.240", 0);
        Nlb nlb = nlb("nlb-open");
        // the target's security group drops the load balancer: checks fail, though the server is up
        aws.elbv2Backend().setReachability((source, to) -> !to.getAddress().getHostAddress().equals("127.31.0.240"));
        driver.registerIpTarget(nlb.tg(), "127.31.0.240", target.port());
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.240", target.port(), "unhealthy", WAIT);
        assertThat(ask(nlb.listener(), "127.0.0.1")).startsWith("/127.31.0.240:");
    }

    @Test
    void withClientIpPreservationTheTargetSeesTheClient() throws Exception {
        WhoAmIServer target = server("127.31.0.250", 0);
        Nlb nlb = nlb("nlb-preserve");
        assertThat(driver.targetGroupAttributes(nlb.tg())).containsEntry("preserve_client_ip.enabled", "false");
        driver.setTargetGroupAttribute(nlb.tg(), "preserve_client_ip.enabled", "true");
        driver.registerIpTarget(nlb.tg(), "127.31.0.250", target.port());
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.250", target.port(), "healthy", WAIT);
        assertThat(ask(nlb.listener(), "127.0.0.77")).endsWith(" 127.0.0.77");
    }

    @Test
    void deregisteringDrainsThenForgetsTheTargetAndClosingStopsTheListener() throws Exception {
        WhoAmIServer target = server("127.31.0.251", 0);
        Nlb nlb = nlb("nlb-drain");
        driver.registerIpTarget(nlb.tg(), "127.31.0.251", target.port());
        driver.awaitTargetHealth(nlb.tg(), "127.31.0.251", target.port(), "healthy", WAIT);
        driver.deregisterIpTarget(nlb.tg(), "127.31.0.251", target.port());
        assertThat(driver.targetHealth(nlb.tg(), "127.31.0.251", target.port()).targetHealth().reasonAsString())
                .isEqualTo("Target.DeregistrationInProgress");
        TargetHealthDescription gone = driver.awaitTargetHealth(nlb.tg(), "127.31.0.251", target.port(), "unused",
                WAIT);
        assertThat(gone.targetHealth().reasonAsString()).isEqualTo("Target.NotRegistered");
        assertThatThrownBy(() -> driver.awaitTargetHealth(nlb.tg(), "127.31.0.251", target.port(), "healthy",
                Duration.ofMillis(300))).isInstanceOf(AssertionError.class).hasMessageContaining("did not become healthy within 300 ms")
                .hasMessageContaining("it is unused");

        aws.close();
        assertThatThrownBy(() -> ask(nlb.listener(), "127.0.0.1")).isInstanceOf(ConnectException.class);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && (t.getName().startsWith("tcp-front-nlb-drain") || t.getName().startsWith("elbv2-")));
    }

    @Test
    void theDatabaseTargetTurnsHealthyOnlyOnceItsSecurityGroupAdmitsTheLoadBalancer() throws Exception {
        WhoAmIServer database = server("127.0.0.1", 0); // an RDS endpoint's address, outside the VPC's subnets
        int port = database.port();
        Ec2Backend ec2 = aws.ec2Backend();
        String sg = ec2.createGroup("mz-rds-sg", "database", null).id();
        ec2.authorize(sg, List.of(new IngressRule("tcp", port, port, "127.0.0.1/32", null, "admin")));
        FakeDbEngine engine = new FakeDbEngine();
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", port, engine)
                .withVpcSecurityGroupIds(List.of(sg)));
        try (var ec2Client = aws.ec2Client()) {
            AwsControlPlane full = new AwsControlPlane(aws.rdsClient(), ec2Client, elb, ChangeGuard.ALLOW_ALL,
                    Duration.ofMillis(50));
            Nlb nlb = nlb("nlb-rds");
            full.registerIpTarget(nlb.tg(), "127.0.0.1", port);
            TargetHealthDescription blocked = full.awaitTargetHealth(nlb.tg(), "127.0.0.1", port, "unhealthy", WAIT);
            assertThat(blocked.targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");

            full.allowIngress(sg, port, ec2.defaultVpc().cidr(), "the NLB (client IP preservation is off)");
            full.awaitTargetHealth(nlb.tg(), "127.0.0.1", port, "healthy", WAIT);
            assertThat(ask(nlb.listener(), "127.0.0.1")).endsWith(" " + nlb.privateIps().get(0));
        } finally {
            engine.release();
        }
    }

    @Test
    void deletingTheLoadBalancerFreesItsAddressesAndPort() throws Exception {
        Nlb nlb = nlb("nlb-delete");
        driver.deleteLoadBalancer(nlb.arn());
        assertThat(aws.elbv2Backend().listenerAddress(nlb.arn(), 5432)).isEmpty();
        assertThatThrownBy(() -> ask(nlb.listener(), "127.0.0.1")).isInstanceOf(ConnectException.class);
        assertThat(driver.targetHealth(nlb.tg())).isEmpty();
        try (ServerSocket again = new ServerSocket(5432, 1, InetAddress.getByName(nlb.privateIps().get(0)))) {
            assertThat(again.isBound()).isTrue();
        }
    }
}
