package dev.ingestrunbooks.sandbox.aws;

import com.sun.net.httpserver.HttpServer;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Service;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend;
import dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Service;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.aws.rds.RdsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2ClientBuilder;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

/**
 * The sandbox's AWS control plane: one HTTP server on 127.0.0.1 (port 0) that speaks the AWS Query protocols,
 * with RDS, EC2 and ELBv2 (network load balancers) emulated behind one {@link QueryRouter}. Point the real AWS SDK v2
 * ({@link #rdsClient()}) or the AWS CLI ({@code --endpoint-url}) at {@link #endpoint()}; any credentials work.
 *
 * <pre>{@code
 * try (AwsEmulator aws = AwsEmulator.start()) {
 *     aws.rdsBackend().registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", proxyPort, engine));
 *     aws.rdsClient().describeDBInstances();
 * }
 * }</pre>
 * Limits: one account ({@code 000000000000}) and one region per emulator; no signature checks; HTTP only.
 */
public final class AwsEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsEmulator.class);
    public static final String DEFAULT_REGION = "us-east-1";

    /**
     * What the SDK signs requests with when it talks to the emulator: the emulator checks no signature, so these are
     * placeholders, deliberately not shaped like AWS access keys.
     */
    public static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("sandbox", "sandbox"));

    private final String region;
    private final RdsBackend rdsBackend;
    private final Ec2Backend ec2Backend;
    private final Elbv2Backend elbv2Backend;
    private final QueryRouter router;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private volatile RdsClient rdsClient;

    private AwsEmulator(String region, RdsBackend.Timings timings, Ec2Backend.Timings ec2Timings,
            Elbv2Backend.Timings elbv2Timings) throws IOException {
        this.region = region;
        this.rdsBackend = new RdsBackend(region, timings);
        this.ec2Backend = new Ec2Backend(region, ec2Timings);
        this.elbv2Backend = new Elbv2Backend(region, ec2Backend, elbv2Timings);
        elbv2Backend.setReachability(this::admittedByDatabaseGroups);
        this.router = new QueryRouter().register(new RdsService(rdsBackend)).register(new Ec2Service(ec2Backend))
                .register(new Elbv2Service(elbv2Backend));
        AtomicInteger n = new AtomicInteger();
        this.httpThreads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "aws-emulator-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        server.setExecutor(httpThreads);
        server.start();
        LOG.info("AWS emulator (RDS, EC2, ELBv2) listening on {} for region {}", endpoint(), region);
    }

    /** Starts an emulator for us-east-1 with the default timings. */
    public static AwsEmulator start() {
        return start(DEFAULT_REGION, RdsBackend.Timings.defaults());
    }

    public static AwsEmulator start(String region, RdsBackend.Timings timings) {
        return start(region, timings, Ec2Backend.Timings.defaults());
    }

    /** Starts an emulator with its own RDS and EC2 transition timings. */
    public static AwsEmulator start(String region, RdsBackend.Timings timings, Ec2Backend.Timings ec2Timings) {
        return start(region, timings, ec2Timings, Elbv2Backend.Timings.defaults());
    }

    /** Starts an emulator with its own RDS, EC2 and ELBv2 timings. */
    public static AwsEmulator start(String region, RdsBackend.Timings timings, Ec2Backend.Timings ec2Timings,
            Elbv2Backend.Timings elbv2Timings) {
        try {
            return new AwsEmulator(region, timings, ec2Timings, elbv2Timings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS emulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    public String region() {
        return region;
    }

    /** The RDS model: register instances and clusters here. */
    public RdsBackend rdsBackend() {
        return rdsBackend;
    }

    /** Requests received so far, whatever their outcome (lets tests prove the SDK did not retry). */
    public long requestCount() {
        return router.requestCount();
    }

    /** The EC2 model: VPC, subnets, zones, security groups, key pairs, instances, Elastic IPs. */
    public Ec2Backend ec2Backend() {
        return ec2Backend;
    }

    /**
     * The ELBv2 model and data path: target groups, target health, network load balancers and where their listeners
     * really listen ({@link Elbv2Backend#listenerAddress}).
     */
    public Elbv2Backend elbv2Backend() {
        return elbv2Backend;
    }

    /** A new ElasticLoadBalancingV2Client pointed at this emulator (the caller closes it). */
    public ElasticLoadBalancingV2Client elbv2Client() {
        return elbv2ClientBuilder().build();
    }

    /** An ELBv2 client builder preconfigured for this emulator, like {@link #rdsClientBuilder()}. */
    public ElasticLoadBalancingV2ClientBuilder elbv2ClientBuilder() {
        return configure(ElasticLoadBalancingV2Client.builder());
    }

    /**
     * What a load balancer's health check asks: an RDS endpoint at {@code target} admits {@code source} only when an
     * inbound rule of its security groups does (as the endpoint's own front decides for real connections, which on
     * loopback accept and then stay silent, so a TCP connect alone cannot tell). Anything else is reachable.
     */
    private boolean admittedByDatabaseGroups(InetAddress source, InetSocketAddress target) {
        return rdsBackend.instances().stream()
                .filter(i -> i.port() == target.getPort() && i.address() != null
                        && i.address().equals(target.getAddress().getHostAddress()))
                .allMatch(i -> i.vpcSecurityGroupIds().isEmpty()
                        || ec2Backend.admitsTcp(i.vpcSecurityGroupIds(), source, target.getPort()));
    }

    /** A new Ec2Client pointed at this emulator (the caller closes it). */
    public Ec2Client ec2Client() {
        return ec2ClientBuilder().build();
    }

    /** An EC2 client builder preconfigured for this emulator, like {@link #rdsClientBuilder()}. */
    public Ec2ClientBuilder ec2ClientBuilder() {
        return configure(Ec2Client.builder());
    }

    /** Every action requested so far as {@code service:Action}, in arrival order (see {@link QueryRouter#actions()}). */
    public java.util.List<String> actions() {
        return router.actions();
    }

    /** A shared RdsClient pointed at this emulator (dummy static credentials, URLConnection HTTP client). */
    public RdsClient rdsClient() {
        RdsClient c = rdsClient;
        if (c == null) {
            synchronized (this) {
                if (rdsClient == null) {
                    rdsClient = rdsClientBuilder().build();
                }
                c = rdsClient;
            }
        }
        return c;
    }

    /** A builder preconfigured for this emulator, for callers that add their own settings (e.g. interceptors). */
    public RdsClientBuilder rdsClientBuilder() {
        return configure(RdsClient.builder());
    }

    /** Stops the HTTP server, lets in-flight reboots finish, stops the backends' threads. */
    @Override
    public void close() {
        if (rdsClient != null) {
            rdsClient.close();
        }
        server.stop(0);
        httpThreads.shutdown();
        elbv2Backend.close();
        rdsBackend.close();
        ec2Backend.close();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("AWS emulator stopped");
    }

    /** Region, this emulator's endpoint, {@link #CREDENTIALS} and the JDK's HTTP client, for any SDK client builder. */
    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return builder.region(Region.of(region)).endpointOverride(endpoint()).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
