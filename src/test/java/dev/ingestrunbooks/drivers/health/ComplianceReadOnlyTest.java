package dev.ingestrunbooks.drivers.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.drivers.UpstreamPostgres;
import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.TestInstance;

/**
 * Proof that a full compliance run is read-only, on a healthy sandbox setup: across all checks the AWS emulator sees
 * only Describe actions, Materialize only SHOW-kind statements (besides SELECTs, which never change its catalog), and
 * the upstream assigns no transaction id (any INSERT, UPDATE, DELETE, DDL or GRANT would take one; a read-only
 * session never does). The test also proves that the upstream measure can fail: one write moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceReadOnlyTest {

    /** One healthy setup per tab of step B, so every check reads its own path (each is closed after its run). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SandboxSetup.Network.class)
    void aFullCheckRunWritesNothingAnywhereAndFindsNothingOnAHealthySetup(SandboxSetup.Network network) {
        try (SandboxSetup setup = SandboxSetup.healthy(SetupSpec.Kind.RDS, "readonly-" + network.name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', '-'), RunbookConfig.fromSystem(), network)) {
            checkRunIsReadOnly(setup);
        }
    }

    private static void checkRunIsReadOnly(SandboxSetup setup) {
        UpstreamPostgres master = setup.upstreamAsMaster();
        master.execute("ANALYZE"); // nothing left for autoanalyze, which would take a transaction id meanwhile
        long xidBefore = nextXid(master);
        int awsBefore = setup.target().awsActions().size();
        int mzBefore = setup.target().materializeStatements().size();

        List<CheckResult> results;
        try (SetupProbe probe = new SetupProbe(setup.spec(), AwsClients::rds)) {
            results = HealthRun.runAll(probe);
        }

        assertThat(results).as("every check ran").hasSizeGreaterThanOrEqualTo(19);
        assertThat(results).filteredOn(r -> r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR)
                .as("a healthy setup raises no finding").isEmpty();
        List<String> aws = setup.target().awsActions().subList(awsBefore, setup.target().awsActions().size());
        assertThat(aws).as("AWS actions of the check run").isNotEmpty()
                .allMatch(a -> a.startsWith("rds:Describe") || a.startsWith("ec2:Describe")
                        || a.startsWith("elasticloadbalancing:Describe"))
                .anyMatch(a -> a.startsWith("ec2:"));
        List<String> mz = setup.target().materializeStatements();
        assertThat(mz.subList(mzBefore, mz.size())).as("Materialize statements of the check run")
                .allMatch(s -> s.startsWith("Show"));
        assertThat(nextXid(master)).as("transaction ids assigned upstream by the check run").isEqualTo(xidBefore);

        master.execute("CREATE TABLE readonly_probe (n int)");
        assertThat(nextXid(master)).as("a write does move the measure").isGreaterThan(xidBefore);
    }

    /** The next transaction id to be assigned; reading it assigns none. */
    private static long nextXid(UpstreamPostgres master) {
        return Long.parseLong(master.queryQuietly("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
                + " AS xid").single("xid"));
    }
}
