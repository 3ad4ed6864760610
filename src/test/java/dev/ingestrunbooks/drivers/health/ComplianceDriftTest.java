package dev.ingestrunbooks.drivers.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.sandbox.SandboxMaterialize;
import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import dev.ingestrunbooks.target.inventory.SetupSpec.Kind;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks' teeth: walk the guide to a healthy sandbox setup (no check may fail on it: no false alarms), inject one
 * drift, and exactly the matching check must fail, its message naming the guide step that fixes it.
 *
 * <p>A drift that can be undone runs on one shared RDS setup: inject, check, undo, and then no check may fail again
 * (undoing clears the finding). A drift that leaves lasting damage (a truncated subsource, a held lock, a parameter
 * change pending reboot) or needs another kind of setup gets a setup of its own. The network tabs' drifts are in
 * {@link ComplianceNetworkDriftTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceDriftTest {

    /** One way a setup rots: what to break, which check must then fail with which fix, and how to mend it. */
    record Drift(String name, Kind kind, Consumer<SandboxSetup> inject, Consumer<SandboxSetup> undo,
            UnaryOperator<SetupSpec> respec, String failingCheck, GuideStep fix) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SandboxSetup shared;

    static Stream<Arguments> reversibleDrifts() {
        return Stream.of(
                reversible("table dropped from the publication",
                        "ALTER PUBLICATION mz_source DROP TABLE customers",
                        "ALTER PUBLICATION mz_source ADD TABLE customers", "A2.publication-coverage", GuideStep.A2),
                reversible("REPLICA IDENTITY back to DEFAULT", "ALTER TABLE orders REPLICA IDENTITY DEFAULT",
                        "ALTER TABLE orders REPLICA IDENTITY FULL", "A2.replica-identity", GuideStep.A2),
                reversible("SELECT revoked", "REVOKE SELECT ON customers FROM materialize",
                        "GRANT SELECT ON customers TO materialize", "A2.privileges", GuideStep.A2),
                reversible("rds_replication revoked", "REVOKE rds_replication FROM materialize",
                        "GRANT rds_replication TO materialize", "A2.replication-role", GuideStep.A2),
                reversible("statement_timeout set for the replication user",
                        "ALTER ROLE materialize SET statement_timeout = '30s'",
                        "ALTER ROLE materialize RESET statement_timeout", "A2.replication-user-timeouts",
                        GuideStep.A2),
                Arguments.of(new Drift("Materialize's egress IP no longer admitted by the security group", Kind.RDS,
                        s -> s.target().aws().revokeIngress(group(s), s.database().endpoint().port(), EGRESS),
                        s -> s.target().aws().allowIngress(group(s), s.database().endpoint().port(), EGRESS,
                                "Materialize egress"), UnaryOperator.identity(), "B.security-group", GuideStep.B)),
                Arguments.of(new Drift("the database port opened to the whole internet", Kind.RDS,
                        s -> s.target().aws().allowIngress(group(s), s.database().endpoint().port(), "0.0.0.0/0",
                                "temporary"),
                        s -> s.target().aws().revokeIngress(group(s), s.database().endpoint().port(), "0.0.0.0/0"),
                        UnaryOperator.identity(), "B.security-group", GuideStep.B)),
                reversible("slot of a dropped source left behind",
                        "SELECT pg_create_logical_replication_slot('materialize_0123456789abcdef', 'pgoutput')",
                        "SELECT pg_drop_replication_slot('materialize_0123456789abcdef')", "C3.orphaned-slots",
                        GuideStep.CONSIDERATIONS));
    }

    static Stream<Arguments> oneWayDrifts() {
        return Stream.of(
                oneWay("parameter group changed back, pending reboot", Kind.RDS, s -> s.target().aws().setDbParameter(
                        s.spec().name() + "-logical-replication", "rds.logical_replication", "0", ApplyMethod.PENDING_REBOOT),
                        "A1.parameter-group", GuideStep.A1),
                oneWay("table truncated upstream", Kind.RDS, ComplianceDriftTest::truncate, "C3.source-running",
                        GuideStep.CONSIDERATIONS),
                Arguments.of(new Drift("ingestion stalled until the slot lags past the threshold", Kind.RDS,
                        ComplianceDriftTest::stallIngestion, null, spec -> new SetupSpec(spec.name(), spec.kind(),
                                spec.region(), spec.awsId(), spec.awsEndpoint(), spec.upstream(),
                                spec.materialize(), spec.names(), new SetupSpec.Thresholds(LAG_LIMIT,
                                spec.thresholds().transactionMinutes(), spec.thresholds().walSenderTimeoutMs())),
                        "C3.slot-lag", GuideStep.C3)),
                Arguments.of(new Drift("connection pointed at the Aurora reader", Kind.AURORA,
                        s -> s.materialize().execute("CREATE CONNECTION reader_connection TO POSTGRES (HOST '"
                                + s.database().readerEndpoint().orElseThrow().host() + "', PORT "
                                + s.database().readerEndpoint().orElseThrow().port() + ", USER 'materialize',"
                                + " PASSWORD SECRET pgpass, SSL MODE 'require', DATABASE 'postgres') WITH"
                                + " (VALIDATE = false)"), null,
                        spec -> new SetupSpec(spec.name(), spec.kind(), spec.region(), spec.awsId(),
                                spec.awsEndpoint(), spec.upstream(), spec.materialize(), new SetupSpec.Names(
                                spec.names().source(), spec.names().publication(),
                                spec.names().replicationUser(), "reader_connection"), spec.thresholds()),
                        "C2.writer-endpoint", GuideStep.C2)));
    }

    private static final String EGRESS = SandboxMaterialize.EGRESS_ADDRESS + "/32";

    /** The lag threshold of the stall drift: far below what the drift writes, far above a healthy setup's lag. */
    private static final long LAG_LIMIT = 256 * 1024;

    /**
     * Holds a lock on the backing table of subsource orders (the apply of every later change to it waits, as in an
     * overloaded cluster; the replication connection stays up), then writes a few MB upstream: the slot's
     * confirmed position stays behind. The lock is held until the setup closes.
     */
    private static void stallIngestion(SandboxSetup s) {
        try {
            java.sql.Connection lock = s.target().connectMaterializeBacking();
            lock.setAutoCommit(false);
            try (java.sql.Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            s.onClose(() -> {
                try {
                    lock.rollback();
                    lock.close();
                } catch (java.sql.SQLException e) {
                    // the emulator stops anyway
                }
            });
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot lock the backing table", e);
        }
        s.upstreamAsMaster().execute("INSERT INTO orders SELECT g, repeat('x', 200), g % 7 FROM"
                + " generate_series(1000, 20000) g");
        Awaitility.await("the slot lags past " + LAG_LIMIT + " bytes").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> Long.parseLong(s.upstreamAsMaster().queryQuietly(
                        "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::bigint"
                        + " AS lag FROM pg_replication_slots WHERE slot_name LIKE 'materialize%'").single("lag"))
                        > 2 * LAG_LIMIT);
    }

    private static Arguments reversible(String name, String injectSql, String undoSql, String check, GuideStep fix) {
        return Arguments.of(new Drift(name, Kind.RDS, s -> s.upstreamAsMaster().execute(injectSql),
                s -> s.upstreamAsMaster().execute(undoSql), UnaryOperator.identity(), check, fix));
    }

    private static Arguments oneWay(String name, Kind kind, Consumer<SandboxSetup> inject, String check,
            GuideStep fix) {
        return Arguments.of(new Drift(name, kind, inject, null, UnaryOperator.identity(), check, fix));
    }

    private static String group(SandboxSetup s) {
        return s.target().aws().databaseSecurityGroups(s.spec().awsId(), false).get(0);
    }

    /** TRUNCATE, then a change the source sees, and wait until the subsource reports its error. */
    private static void truncate(SandboxSetup s) {
        s.upstreamAsMaster().execute("TRUNCATE orders");
        Awaitility.await("subsource orders reports the truncation").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> !s.materialize().queryQuietly("SELECT status FROM"
                        + " mz_internal.mz_source_statuses WHERE name = 'orders' AND status <> 'running'").isEmpty());
    }

    @BeforeAll
    void buildTheSharedSetup() {
        shared = SandboxSetup.healthy(Kind.RDS, "drift-rds", RunbookConfig.fromSystem());
        assertThat(failing(shared.spec())).as("findings on the healthy setup (false alarms)").isEmpty();
    }

    @AfterAll
    void closeTheSharedSetup() {
        if (shared != null) {
            shared.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reversibleDrifts")
    void exactlyTheMatchingCheckFailsUntilTheDriftIsUndone(Drift drift) {
        drift.inject().accept(shared);
        try {
            assertExactlyTheMatchingCheckFails(drift, shared);
        } finally {
            drift.undo().accept(shared);
        }
        assertThat(failing(shared.spec())).as("findings once this drift is undone: " + drift.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneWayDrifts")
    void exactlyTheMatchingCheckFails(Drift drift) {
        try (SandboxSetup setup = SandboxSetup.healthy(drift.kind(), "drift-" + drift.kind().id() + "-own",
                RunbookConfig.fromSystem())) {
            assertThat(failing(setup.spec())).as("findings on the healthy setup (false alarms)").isEmpty();
            drift.inject().accept(setup);
            assertExactlyTheMatchingCheckFails(drift, setup);
        }
    }

    private static void assertExactlyTheMatchingCheckFails(Drift drift, SandboxSetup setup) {
        List<CheckResult> failing = failing(drift.respec().apply(setup.spec()));
        assertThat(failing).extracting(r -> r.check().id()).as("checks failing after: " + drift.name())
                .containsExactly(drift.failingCheck());
        assertThat(failing.get(0).status()).isEqualTo(CheckStatus.FAIL);
        assertThat(failing.get(0).summary()).as("names the step that fixes it").contains(drift.fix().reference());
    }

    static void assertOnlyTheCheckFails(SandboxSetup setup, String check, String why) {
        List<CheckResult> failing = failing(setup.spec());
        assertThat(failing).extracting(r -> r.check().id()).containsExactly(check);
        assertThat(failing.get(0).summary()).contains(why).contains(GuideStep.B.reference());
    }

    static List<CheckResult> failing(SetupSpec spec) {
        try (SetupProbe probe = new SetupProbe(spec, AwsClients::rds)) {
            return HealthRun.runAll(probe).stream()
                    .filter(r -> r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR).toList();
        }
    }

}
