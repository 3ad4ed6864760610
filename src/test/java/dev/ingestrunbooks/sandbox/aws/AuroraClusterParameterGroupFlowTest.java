package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.rds.DbClusterSpec;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Parameter;

/** Guide step A1 for Aurora PostgreSQL (cluster parameter group, writer reboot), through the real AWS SDK v2. */
class AuroraClusterParameterGroupFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeDbEngine writer = new FakeDbEngine();
    private final FakeDbEngine reader = new FakeDbEngine();
    private AwsEmulator aws;
    private RdsClient rds;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start("us-east-1",
                new RdsBackend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(10)));
        RdsBackend backend = aws.rdsBackend();
        backend.registerCluster(DbClusterSpec.aurora("mz-aurora", "16.4", "127.0.0.11", "127.0.0.12", 45440));
        backend.registerInstance(DbInstanceSpec.auroraMember("mz-aurora-1", "mz-aurora", "16.4", "127.0.0.1",
                45441, true, writer));
        backend.registerInstance(DbInstanceSpec.auroraMember("mz-aurora-2", "mz-aurora", "16.4", "127.0.0.1",
                45442, false, reader));
        rds = aws.rdsClient();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void enableLogicalReplicationOnAurora() {
        DBCluster before = cluster();
        assertThat(before.dbClusterParameterGroup()).isEqualTo("default.aurora-postgresql16");
        assertThat(before.endpoint()).isEqualTo("127.0.0.11");
        assertThat(before.readerEndpoint()).isEqualTo("127.0.0.12");
        assertThat(before.port()).isEqualTo(45440);
        assertThat(memberStatuses(before)).containsExactly(Map.entry("mz-aurora-1", "true:in-sync"),
                Map.entry("mz-aurora-2", "false:in-sync"));

        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("mz-apg16")
                .dbParameterGroupFamily("aurora-postgresql16").description("Materialize logical replication"));
        rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("mz-apg16")
                .parameters(Parameter.builder().parameterName("rds.logical_replication").parameterValue("1")
                        .applyMethod(ApplyMethod.PENDING_REBOOT).build()));
        assertThat(rds.describeDBClusterParameters(r -> r.dbClusterParameterGroupName("mz-apg16")
                .filters(Filter.builder().name("parameter-name").values("rds.logical_replication").build()))
                .parameters()).singleElement().satisfies(p -> {
                    assertThat(p.parameterValue()).isEqualTo("1");
                    assertThat(p.source()).isEqualTo("user");
                });

        DBCluster modifying = rds.modifyDBCluster(r -> r.dbClusterIdentifier("mz-aurora")
                .dbClusterParameterGroupName("mz-apg16").applyImmediately(true)).dbCluster();
        assertThat(modifying.status()).isEqualTo("modifying");
        assertThat(modifying.dbClusterParameterGroup()).isEqualTo("mz-apg16");
        await("mz-aurora available after ModifyDBCluster").atMost(WAIT)
                .until(() -> cluster().status(), "available"::equals);
        assertThat(memberStatuses(cluster())).containsExactly(Map.entry("mz-aurora-1", "true:pending-reboot"),
                Map.entry("mz-aurora-2", "false:pending-reboot"));

        rds.rebootDBInstance(r -> r.dbInstanceIdentifier("mz-aurora-1"));
        await("writer in-sync after RebootDBInstance").atMost(WAIT)
                .until(() -> memberStatuses(cluster()).get("mz-aurora-1"), "true:in-sync"::equals);

        assertThat(memberStatuses(cluster()).get("mz-aurora-2")).isEqualTo("false:pending-reboot");
        assertThat(writer.lastReboot()).containsEntry("rds.logical_replication", "1");
        assertThat(reader.reboots()).isEmpty();
    }

    @Test
    void membersAreFoundByClusterFilterAndCarryTheirClusterId() {
        List<DBInstance> members = rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id")
                .values("mz-aurora").build())).dbInstances();

        assertThat(members).extracting(DBInstance::dbInstanceIdentifier).containsExactly("mz-aurora-1", "mz-aurora-2");
        assertThat(members).extracting(DBInstance::dbClusterIdentifier).containsOnly("mz-aurora");
        assertThat(members).extracting(DBInstance::engine).containsOnly("aurora-postgresql");
        assertThat(members.get(0).dbParameterGroups().get(0).dbParameterGroupName())
                .isEqualTo("default.aurora-postgresql16");
    }

    @Test
    void theInstanceLevelGroupOfAClusterIsSetOnEveryMember() {
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("mz-apg16-instances")
                .dbParameterGroupFamily("aurora-postgresql16").description("instances"));

        rds.modifyDBCluster(r -> r.dbClusterIdentifier("mz-aurora").dbInstanceParameterGroupName("mz-apg16-instances"));

        assertThat(rds.describeDBInstances().dbInstances()).allSatisfy(i -> {
            assertThat(i.dbParameterGroups().get(0).dbParameterGroupName()).isEqualTo("mz-apg16-instances");
            assertThat(i.dbParameterGroups().get(0).parameterApplyStatus()).isEqualTo("pending-reboot");
        });
    }

    private DBCluster cluster() {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier("mz-aurora")).dbClusters().get(0);
    }

    private static Map<String, String> memberStatuses(DBCluster c) {
        return c.dbClusterMembers().stream().collect(Collectors.toMap(DBClusterMember::dbInstanceIdentifier,
                m -> m.isClusterWriter() + ":" + m.dbClusterParameterGroupStatus(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
