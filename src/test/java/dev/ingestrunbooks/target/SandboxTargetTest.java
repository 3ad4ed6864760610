package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.target.RunbookConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox as AWS describes it: the endpoints DescribeDB* return are the databases' real endpoints. */
class SandboxTargetTest {
    private static SandboxTarget sandbox;
    private static Database rds;
    private static Database aurora;

    @BeforeAll
    static void start() {
        sandbox = SandboxTarget.start(RunbookConfig.fromSystem());
        rds = sandbox.rdsInstance("orders-db");
        aurora = sandbox.auroraCluster("inventory", null, "provisioned");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String inRecovery(String host, int port, Database db) {
        UpstreamPostgres pg = new UpstreamPostgres(new PgEndpoint(host, port, "postgres"), db.adminUser(),
                db.adminPassword(), sandbox.guard());
        return pg.query("SELECT pg_is_in_recovery() AS standby").single("standby");
    }

    @Test
    void theInstanceEndpointAwsReportsIsTheDatabase() {
        DBInstance instance = sandbox.aws().instance("orders-db");
        assertThat(instance.endpoint().address()).isEqualTo(rds.endpoint().host());
        assertThat(instance.endpoint().port()).isEqualTo(rds.endpoint().port());
        assertThat(inRecovery(instance.endpoint().address(), instance.endpoint().port(), rds)).isEqualTo("f");
    }

    @Test
    void eachDatabaseHasASecurityGroupThatEc2DescribesAdmittingTheAdminsWorkstation() {
        String group = sandbox.aws().instance("orders-db").vpcSecurityGroups().get(0).vpcSecurityGroupId();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(RunbookConfig.fromSystem().region()))
                .endpointOverride(sandbox.awsEndpoint())
                .credentialsProvider(dev.ingestrunbooks.sandbox.aws.AwsEmulator.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            var described = ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0);
            assertThat(described.groupName()).isEqualTo("orders-db-sg");
            assertThat(described.ipPermissions()).singleElement().satisfies(p -> {
                assertThat(p.fromPort()).isEqualTo(rds.endpoint().port());
                assertThat(p.ipRanges().get(0).cidrIp()).isEqualTo(SandboxTarget.ADMIN_WORKSTATION);
            });
        }
        assertThat(sandbox.aws().instance("inventory-instance-1").vpcSecurityGroups()).hasSize(1);
    }

    @Test
    void theClusterEndpointsAwsReportsAreTheWriterAndTheHotStandbyReader() {
        DBCluster cluster = sandbox.aws().cluster("inventory");
        assertThat(inRecovery(cluster.endpoint(), cluster.port(), aurora)).isEqualTo("f");
        assertThat(inRecovery(cluster.readerEndpoint(), cluster.port(), aurora)).isEqualTo("t");
        assertThat(aurora.readerEndpoint()).contains(new PgEndpoint(cluster.readerEndpoint(), cluster.port(), "postgres"));
        assertThat(sandbox.aws().writerInstance("inventory")).isEqualTo("inventory-instance-1");
    }

    @Test
    void theReportNamesTheVersionTheServersRun() {
        String major = String.valueOf(RunbookConfig.fromSystem().postgresMajorVersion());
        assertThat(sandbox.describe()).containsEntry("postgres.requested-major", major)
                .hasEntrySatisfying("postgres.version", v -> assertThat(v).startsWith(major + "."));
    }
}
