package dev.ingestrunbooks.sandbox.materialize.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.ingest.RandomIngestionTrial.Disruption;
import dev.ingestrunbooks.sandbox.materialize.ingest.RandomIngestionTrial.Result;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ingestion under seeded random workloads ({@link RandomIngestionTrial}): each replica must hold exactly the
 * upstream's multiset of rows once the source has caught up, for every way the apply can group transactions (one
 * backing transaction per upstream transaction; the standard grouping; groups that commit only by age, with a flush
 * every few changes) and with stops, restarts and killed connections mid-group. The seed is printed; rerun one with
 * {@code -Dingest.random.seed=<seed>}. The stress benchmark ({@code IngestStressBenchmark}) runs the same trial
 * hundreds of times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomWorkloadIngestionTest {

    private final long seed = Long.getLong("ingest.random.seed", System.nanoTime());
    private RdsPostgresInstance rds;
    private EmbeddedPostgresServer backingServer;
    private RandomIngestionTrial trial;

    @BeforeAll
    void start() {
        System.out.println("RandomWorkloadIngestionTest seed: " + seed + " (rerun with -Dingest.random.seed=" + seed
                + ")");
        rds = RdsPostgresInstance.builder("mz-random").parameters(Map.of("rds.logical_replication", "1")).start();
        backingServer = EmbeddedPostgresServer.inTemporaryDirectory("mz-random-backing",
                PostgresVersion.requestedMajor());
        backingServer.start(Map.of());
        trial = new RandomIngestionTrial(Upstream.master(rds), () -> backingServer.connect("postgres"));
    }

    @AfterAll
    void stop() {
        if (backingServer != null) {
            backingServer.close();
        }
        if (rds != null) {
            rds.close();
        }
    }

    static Stream<Arguments> groupings() {
        return Stream.of(
                Arguments.of("per-transaction", ApplyGrouping.perTransaction(), Disruption.NONE),
                Arguments.of("standard", ApplyGrouping.standard(), Disruption.NONE),
                Arguments.of("large", ApplyGrouping.large(150, 7), Disruption.NONE),
                Arguments.of("standard-restarts", ApplyGrouping.standard(), Disruption.RESTARTS),
                Arguments.of("large-restarts", ApplyGrouping.large(150, 7), Disruption.RESTARTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupings")
    void randomTransactionsAreReplicatedExactly(String name, ApplyGrouping grouping, Disruption disruption)
            throws SQLException {
        Result result = trial.run("r_" + name.replace('-', '_'), seed, grouping, disruption);
        System.out.printf("seed %d, %s: %d upstream transactions%n", seed, name, result.transactions());
        assertThat(result.divergences()).as("replicas of seed %d with grouping %s", seed, name).isEmpty();
        assertThat(result.status()).as("status once caught up").isEqualTo(SourceStatus.RUNNING);
    }
}
