package dev.ingestrunbooks.sandbox.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.AwsException;
import dev.ingestrunbooks.sandbox.aws.FakeDbEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RDS state machine without sockets: parameter groups, association, reboot. */
class RdsBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final FakeDbEngine engine = new FakeDbEngine();
    private RdsBackend backend;

    @BeforeEach
    void start() {
        backend = new RdsBackend("us-east-1",
                new RdsBackend.Timings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(10)));
        backend.registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", 15432, engine));
        backend.createParameterGroup(GroupKind.DB, "mz-pg16", "postgres16", "logical replication");
    }

    @AfterEach
    void stop() {
        engine.release();
        backend.close();
    }

    @Test
    void aRegisteredInstanceStartsAvailableWithItsFamilyDefaultGroupInSync() {
        DbInstanceView i = backend.instance("MZ-RDS");

        assertThat(i.status()).isEqualTo("available");
        assertThat(i.parameterGroupName()).isEqualTo("default.postgres16");
        assertThat(i.parameterApplyStatus()).isEqualTo("in-sync");
        assertThat(i.address()).isEqualTo("127.0.0.1");
        assertThat(i.port()).isEqualTo(15432);
    }

    @Test
    void anInstanceRegisteredWithAGroupStartsInSyncWithItAndAnUnknownGroupRegistersNothing() {
        DbInstanceView i = backend.registerInstance(DbInstanceSpec.rds("with-group", "16.4", "127.0.0.1", 15433,
                engine), "mz-pg16");

        assertThat(i.parameterGroupName()).isEqualTo("mz-pg16");
        assertThat(i.parameterApplyStatus()).isEqualTo("in-sync");
        assertThat(i.status()).isEqualTo("available");
        assertThatThrownBy(() -> backend.registerInstance(DbInstanceSpec.rds("no-group", "16.4", "127.0.0.1", 15434,
                engine), "missing")).isInstanceOf(AwsException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> backend.registerInstance(DbInstanceSpec.rds("wrong-family", "15.8", "127.0.0.1",
                15435, engine), "mz-pg16")).isInstanceOf(AwsException.class);
        assertThat(backend.instances()).extracting(DbInstanceView::id).containsExactly("mz-rds", "with-group");
    }

    @Test
    void aStaticChangeWaitsForTheRebootThenReachesTheEngine() {
        backend.modifyInstance("mz-rds", "mz-pg16");
        await("mz-rds available after modifying").atMost(WAIT)
                .until(() -> backend.instance("mz-rds").status(), "available"::equals);
        backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("rds.logical_replication", "1", "pending-reboot")));

        assertThat(backend.instance("mz-rds").parameterApplyStatus()).isEqualTo("pending-reboot");
        assertThat(engine.reboots()).isEmpty();

        assertThat(backend.rebootInstance("mz-rds").status()).isEqualTo("rebooting");
        await("mz-rds available and in-sync after reboot").atMost(WAIT).until(() -> {
            DbInstanceView i = backend.instance("mz-rds");
            return i.status().equals("available") && i.parameterApplyStatus().equals("in-sync");
        });
        assertThat(engine.lastReboot()).containsEntry("rds.logical_replication", "1");
    }

    @Test
    void immediateOnAStaticParameterRejectsTheWholeBatch() {
        List<ParameterChange> batch = List.of(new ParameterChange("work_mem", "8192", "immediate"),
                new ParameterChange("rds.logical_replication", "1", "immediate"));

        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "mz-pg16", batch))
                .isInstanceOf(AwsErrors.InvalidParameterCombination.class)
                .hasMessage("cannot use immediate apply method for static parameter");
        assertThat(backend.parameters(GroupKind.DB, "mz-pg16")).filteredOn(r -> r.name().equals("work_mem"))
                .singleElement().satisfies(r -> {
                    assertThat(r.value()).isNull();
                    assertThat(r.source()).isEqualTo("engine-default");
                });
    }

    @Test
    void aDynamicImmediateChangeGoesApplyingThenInSyncWithoutReboot() {
        backend.modifyInstance("mz-rds", "mz-pg16");
        backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("rds.logical_replication", "1", "pending-reboot")));
        backend.createParameterGroup(GroupKind.DB, "other", "postgres16", "d");
        backend.registerInstance(DbInstanceSpec.rds("dyn", "16.4", "127.0.0.1", 15433, engine));
        await("dyn available").atMost(WAIT).until(() -> backend.instance("dyn").status(), "available"::equals);
        backend.modifyInstance("dyn", "other");
        await("dyn available after modifying").atMost(WAIT)
                .until(() -> backend.instance("dyn").status(), "available"::equals);
        backend.rebootInstance("dyn");
        await("dyn in-sync").atMost(WAIT).until(() -> backend.instance("dyn").parameterApplyStatus(), "in-sync"::equals);

        backend.modifyParameterGroup(GroupKind.DB, "other",
                List.of(new ParameterChange("log_min_duration_statement", "500", "immediate")));

        assertThat(backend.instance("dyn").parameterApplyStatus()).isEqualTo("applying");
        await("dyn back in-sync").atMost(WAIT).until(() -> backend.instance("dyn").parameterApplyStatus(), "in-sync"::equals);
        assertThat(backend.parameters(GroupKind.DB, "other")).filteredOn(r -> r.name().equals("log_min_duration_statement"))
                .singleElement().satisfies(r -> assertThat(r.source()).isEqualTo("user"));
        // an instance that already waits for a reboot keeps waiting
        assertThat(backend.instance("mz-rds").parameterApplyStatus()).isEqualTo("pending-reboot");
    }

    @Test
    void associatingAGroupIsImmediateByNameButPendingReboot() {
        DbInstanceView during = backend.modifyInstance("mz-rds", "mz-pg16");

        assertThat(during.status()).isEqualTo("modifying");
        assertThat(during.parameterGroupName()).isEqualTo("mz-pg16");
        assertThat(during.parameterApplyStatus()).isEqualTo("pending-reboot");
        assertThatThrownBy(() -> backend.rebootInstance("mz-rds"))
                .isInstanceOf(RdsErrors.InvalidDbInstanceState.class).hasMessageContaining("modifying");
        await("mz-rds available").atMost(WAIT).until(() -> backend.instance("mz-rds").status(), "available"::equals);
    }

    @Test
    void groupsOfAnotherFamilyOrKindCannotBeAssociated() {
        backend.createParameterGroup(GroupKind.DB, "pg15", "postgres15", "d");
        backend.createParameterGroup(GroupKind.CLUSTER, "apg16", "aurora-postgresql16", "d");

        assertThatThrownBy(() -> backend.modifyInstance("mz-rds", "pg15"))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterCombination"))
                .hasMessageContaining("postgres15").hasMessageContaining("postgres16");
        assertThatThrownBy(() -> backend.modifyInstance("mz-rds", "apg16"))
                .isInstanceOf(AwsErrors.InvalidParameterCombination.class)
                .hasMessageContaining("DBClusterParameterGroup");
        assertThatThrownBy(() -> backend.modifyInstance("mz-rds", "nope"))
                .isInstanceOf(RdsErrors.DbParameterGroupNotFound.class);
        assertThat(backend.instance("mz-rds").status()).isEqualTo("available");
    }

    @Test
    void rebootingTwiceIsInvalidStateAndAFailedEngineIsIncompatibleParameters() {
        engine.hold();
        backend.rebootInstance("mz-rds");

        assertThatThrownBy(() -> backend.rebootInstance("mz-rds"))
                .isInstanceOf(RdsErrors.InvalidDbInstanceState.class)
                .hasMessageContaining("rebooting");
        engine.failWith(new IllegalStateException("wal_level=logical needs more shared memory"));
        engine.release();
        await("mz-rds incompatible-parameters").atMost(WAIT)
                .until(() -> backend.instance("mz-rds").status(), "incompatible-parameters"::equals);
    }

    @Test
    void closeWaitsForAnInFlightReboot() {
        engine.hold();
        backend.rebootInstance("mz-rds");
        engine.release();

        backend.close();

        assertThat(engine.reboots()).hasSize(1);
        assertThat(backend.instance("mz-rds").status()).isEqualTo("available");
    }

    @Test
    void aChangeMadeDuringTheRebootStaysPending() {
        backend.modifyInstance("mz-rds", "mz-pg16");
        await("mz-rds available").atMost(WAIT).until(() -> backend.instance("mz-rds").status(), "available"::equals);
        engine.hold();
        backend.rebootInstance("mz-rds");
        backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("rds.logical_replication", "1", "pending-reboot")));
        engine.release();

        await("mz-rds available").atMost(WAIT).until(() -> backend.instance("mz-rds").status(), "available"::equals);
        assertThat(backend.instance("mz-rds").parameterApplyStatus()).isEqualTo("pending-reboot");
        assertThat(engine.lastReboot()).containsEntry("rds.logical_replication", "0");
    }

    @Test
    void defaultGroupsAreReadOnlyAndUnknownOrBadParametersAreRejected() {
        List<ParameterChange> one = List.of(new ParameterChange("rds.logical_replication", "1", "pending-reboot"));
        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "default.postgres16", one))
                .isInstanceOf(AwsErrors.InvalidParameterValue.class)
                .hasMessage("Cannot modify a default parameter group.");
        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("character_set_server", "utf8", "immediate"))))
                .isInstanceOf(AwsErrors.InvalidParameterValue.class)
                .hasMessage("Could not find parameter with name: character_set_server");
        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("rds.logical_replication", "2", "pending-reboot"))))
                .isInstanceOf(AwsErrors.InvalidParameterValue.class).hasMessageContaining("0,1");
        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "mz-pg16",
                List.of(new ParameterChange("work_mem", "1", "later"))))
                .isInstanceOf(AwsErrors.InvalidParameterValue.class).hasMessageContaining("ApplyMethod");
        List<ParameterChange> many = new ArrayList<>();
        for (int n = 0; n < 21; n++) {
            many.add(new ParameterChange("work_mem", "4096", "immediate"));
        }
        assertThatThrownBy(() -> backend.modifyParameterGroup(GroupKind.DB, "mz-pg16", many))
                .isInstanceOf(AwsErrors.InvalidParameterValue.class).hasMessageContaining("20");
        assertThatThrownBy(() -> backend.createParameterGroup(GroupKind.DB, "MZ-PG16", "postgres16", "again"))
                .isInstanceOf(RdsErrors.DbParameterGroupAlreadyExists.class);
    }

    @Test
    void auroraTheClusterGroupReachesOnlyTheRebootedWriter() {
        FakeDbEngine reader = new FakeDbEngine();
        backend.registerCluster(DbClusterSpec.aurora("mz-aurora", "16.4", "127.0.0.1", "127.0.0.1", 15440));
        backend.registerInstance(DbInstanceSpec.auroraMember("mz-aurora-1", "mz-aurora", "16.4", "127.0.0.1", 15441,
                false, engine));
        backend.registerInstance(DbInstanceSpec.auroraMember("mz-aurora-2", "mz-aurora", "16.4", "127.0.0.1", 15442,
                false, reader));
        backend.createParameterGroup(GroupKind.CLUSTER, "mz-apg16", "aurora-postgresql16", "logical replication");
        backend.modifyParameterGroup(GroupKind.CLUSTER, "mz-apg16",
                List.of(new ParameterChange("rds.logical_replication", "1", "pending-reboot")));

        DbClusterView modified = backend.modifyCluster("mz-aurora", "mz-apg16", null);

        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.clusterParameterGroupName()).isEqualTo("mz-apg16");
        assertThat(modified.members()).extracting(DbClusterView.Member::clusterParameterGroupStatus)
                .containsOnly("pending-reboot");
        assertThat(modified.members()).extracting(DbClusterView.Member::writer).containsExactly(true, false);
        await("mz-aurora available").atMost(WAIT).until(() -> backend.cluster("mz-aurora").status(), "available"::equals);

        backend.rebootInstance("mz-aurora-1");
        await("writer in-sync").atMost(WAIT).until(() -> backend.cluster("mz-aurora").members().get(0)
                .clusterParameterGroupStatus(), "in-sync"::equals);

        assertThat(backend.cluster("mz-aurora").members().get(1).clusterParameterGroupStatus())
                .isEqualTo("pending-reboot");
        assertThat(engine.lastReboot()).containsEntry("rds.logical_replication", "1");
        assertThat(reader.reboots()).isEmpty();
        assertThat(backend.effectiveParameters("mz-aurora-2")).containsEntry("rds.logical_replication", "1");
    }

    @Test
    void auroraInstanceGroupValuesOverrideTheClusterGroup() {
        backend.registerCluster(DbClusterSpec.aurora("c", "16.4", "127.0.0.1", "127.0.0.1", 15440));
        backend.registerInstance(DbInstanceSpec.auroraMember("c-1", "c", "16.4", "127.0.0.1", 15441, true, engine));
        backend.createParameterGroup(GroupKind.CLUSTER, "cg", "aurora-postgresql16", "d");
        backend.createParameterGroup(GroupKind.DB, "ig", "aurora-postgresql16", "d");
        backend.modifyParameterGroup(GroupKind.CLUSTER, "cg",
                List.of(new ParameterChange("work_mem", "1024", "immediate"),
                        new ParameterChange("shared_preload_libraries", "pg_stat_statements,pglogical", "pending-reboot")));
        backend.modifyParameterGroup(GroupKind.DB, "ig", List.of(new ParameterChange("work_mem", "2048", "immediate")));

        backend.modifyCluster("c", "cg", "ig");
        Map<String, String> effective = backend.effectiveParameters("c-1");

        assertThat(effective).containsEntry("work_mem", "2048")
                .containsEntry("shared_preload_libraries", "pg_stat_statements,pglogical")
                .containsEntry("rds.logical_replication", "0");
        assertThat(backend.instance("c-1").parameterGroupName()).isEqualTo("ig");
        assertThat(backend.instance("c-1").parameterApplyStatus()).isEqualTo("pending-reboot");
    }
}
