package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Parameter;

/** Guide step A1 for RDS for PostgreSQL, black-box through the real AWS SDK v2 on a port-0 emulator. */
class RdsParameterGroupFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeDbEngine engine = new FakeDbEngine();
    private AwsEmulator aws;
    private RdsClient rds;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start("us-east-1",
                new RdsBackend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(10)));
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", 45432, engine)
                .withVpcSecurityGroupIds(List.of("sg-0123456789abcdef0")));
        rds = aws.rdsClient();
    }

    @AfterEach
    void stop() {
        engine.release();
        aws.close();
    }

    @Test
    void enableLogicalReplicationOnRdsPostgres() {
        String family = rds.describeDBEngineVersions(r -> r.engine("postgres").engineVersion("16.4"))
                .dbEngineVersions().get(0).dbParameterGroupFamily();
        assertThat(family).isEqualTo("postgres16");

        rds.createDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16").dbParameterGroupFamily(family)
                .description("Materialize logical replication"));
        String modified = rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16")
                .parameters(Parameter.builder().parameterName("rds.logical_replication").parameterValue("1")
                        .applyMethod(ApplyMethod.PENDING_REBOOT).build())).dbParameterGroupName();
        assertThat(modified).isEqualTo("mz-pg16");
        Parameter row = rds.describeDBParameters(r -> r.dbParameterGroupName("mz-pg16").source("user"))
                .parameters().get(0);
        assertThat(row.parameterName()).isEqualTo("rds.logical_replication");
        assertThat(row.parameterValue()).isEqualTo("1");
        assertThat(row.applyType()).isEqualTo("static");
        assertThat(row.applyMethod()).isEqualTo(ApplyMethod.PENDING_REBOOT);
        assertThat(row.isModifiable()).isTrue();

        DBInstance modifying = rds.modifyDBInstance(r -> r.dbInstanceIdentifier("mz-rds")
                .dbParameterGroupName("mz-pg16").applyImmediately(true)).dbInstance();
        assertThat(modifying.dbInstanceStatus()).isEqualTo("modifying");
        assertThat(groupStatus(modifying)).isEqualTo("mz-pg16:pending-reboot");
        await("mz-rds available after ModifyDBInstance").atMost(WAIT)
                .until(() -> instance().dbInstanceStatus(), "available"::equals);
        assertThat(groupStatus(instance())).isEqualTo("mz-pg16:pending-reboot");
        assertThat(engine.reboots()).isEmpty();

        engine.hold();
        assertThat(rds.rebootDBInstance(r -> r.dbInstanceIdentifier("mz-rds")).dbInstance().dbInstanceStatus())
                .isEqualTo("rebooting");
        assertThat(instance().dbInstanceStatus()).isEqualTo("rebooting");
        engine.release();

        await("mz-rds available and in-sync after RebootDBInstance").atMost(WAIT)
                .until(() -> instance().dbInstanceStatus().equals("available")
                        && groupStatus(instance()).equals("mz-pg16:in-sync"));
        assertThat(engine.lastReboot()).containsEntry("rds.logical_replication", "1");
    }

    @Test
    void describeReturnsTheRegisteredEndpointVerbatim() {
        DBInstance i = instance();

        assertThat(i.endpoint().address()).isEqualTo("127.0.0.1");
        assertThat(i.endpoint().port()).isEqualTo(45432);
        assertThat(i.engine()).isEqualTo("postgres");
        assertThat(i.engineVersion()).isEqualTo("16.4");
        assertThat(i.dbInstanceArn()).isEqualTo("arn:aws:rds:us-east-1:000000000000:db:mz-rds");
        assertThat(i.vpcSecurityGroups()).singleElement()
                .satisfies(sg -> assertThat(sg.vpcSecurityGroupId()).isEqualTo("sg-0123456789abcdef0"));
        assertThat(groupStatus(i)).isEqualTo("default.postgres16:in-sync");
    }

    @Test
    void describeDbInstancesFilters() {
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("other", "15.12", "127.0.0.1", 45433, engine));

        assertThat(rds.describeDBInstances().dbInstances()).hasSize(2);
        assertThat(rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-instance-id")
                .values("arn:aws:rds:us-east-1:000000000000:db:other").build())).dbInstances())
                .extracting(DBInstance::dbInstanceIdentifier).containsExactly("other");
        assertThat(rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id")
                .values("nope").build())).dbInstances()).isEmpty();
    }

    @Test
    void aDynamicImmediateChangeAppliesWithoutReboot() {
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("dyn").dbParameterGroupFamily("postgres16")
                .description("d"));
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("mz-rds").dbParameterGroupName("dyn"));
        await("mz-rds available").atMost(WAIT).until(() -> instance().dbInstanceStatus(), "available"::equals);
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier("mz-rds"));
        await("mz-rds in-sync").atMost(WAIT).until(() -> groupStatus(instance()), "dyn:in-sync"::equals);

        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("dyn").parameters(Parameter.builder()
                .parameterName("rds.force_ssl").parameterValue("1").applyMethod(ApplyMethod.IMMEDIATE).build()));

        assertThat(groupStatus(instance())).isEqualTo("dyn:applying");
        await("mz-rds in-sync again").atMost(WAIT).until(() -> groupStatus(instance()), "dyn:in-sync"::equals);
        assertThat(engine.reboots()).hasSize(1);
    }

    @Test
    void engineVersionsNameEveryFamily() {
        List<DBEngineVersion> versions = rds.describeDBEngineVersions().dbEngineVersions();

        assertThat(versions).extracting(DBEngineVersion::dbParameterGroupFamily).contains("postgres13", "postgres14",
                "postgres15", "postgres16", "postgres17", "aurora-postgresql13", "aurora-postgresql14",
                "aurora-postgresql15", "aurora-postgresql16", "aurora-postgresql17");
        assertThat(rds.describeDBEngineVersions(r -> r.dbParameterGroupFamily("aurora-postgresql16"))
                .dbEngineVersions()).extracting(DBEngineVersion::engineVersion).contains("16.1", "16.4");
    }

    private DBInstance instance() {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier("mz-rds")).dbInstances().get(0);
    }

    private static String groupStatus(DBInstance i) {
        DBParameterGroupStatus g = i.dbParameterGroups().get(0);
        return g.dbParameterGroupName() + ":" + g.parameterApplyStatus();
    }
}
