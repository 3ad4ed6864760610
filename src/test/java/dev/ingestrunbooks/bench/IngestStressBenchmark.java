package dev.ingestrunbooks.bench;

import dev.ingestrunbooks.sandbox.materialize.ingest.ApplyGrouping;
import dev.ingestrunbooks.sandbox.materialize.ingest.RandomIngestionTrial;
import dev.ingestrunbooks.sandbox.materialize.ingest.RandomIngestionTrial.Disruption;
import dev.ingestrunbooks.sandbox.materialize.ingest.RandomIngestionTrial.Result;
import dev.ingestrunbooks.sandbox.materialize.ingest.SourceStatus;
import dev.ingestrunbooks.sandbox.materialize.ingest.UpstreamEndpoint;
import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the random-workload ingestion trial ({@link RandomIngestionTrial}) many times, each with its own seed, under
 * CPU load, and counts the trials whose replicas differ from upstream. Trials cycle through four apply groupings
 * (per transaction; standard; large groups committing by age with a flush every 7 changes; the same every 3 changes
 * and 40 ms), and every other trial stops and resumes the source twice, kills its backing connection mid-group and
 * kills its walsender. Busy threads ({@code hogs}, default one per core) compete with the apply for the CPU, so
 * that thread timing varies from trial to trial. Not a test; exits 1 when any trial diverged. Run with
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ingestrunbooks.bench.IngestStressBenchmark [-Dexec.args="200 2 &lt;first seed&gt;"]</pre>
 * (trials, CPU hogs, first seed; seed i is {@code first + i}, so a diverging trial reruns alone with its seed).
 */
public final class IngestStressBenchmark {

    private static final List<ApplyGrouping> GROUPINGS = List.of(ApplyGrouping.perTransaction(),
            ApplyGrouping.standard(), ApplyGrouping.large(150, 7), ApplyGrouping.large(40, 3));
    private static final List<String> GROUPING_NAMES = List.of("per-transaction", "standard", "large/7",
            "large/3");

    private IngestStressBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int hogs = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        long first = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        startHogs(hogs);
        System.out.printf("ingest stress: %d trials, %d CPU hogs, seeds %d…%d%n", trials, hogs, first,
                first + trials - 1);
        List<String> failures = new ArrayList<>();
        long transactions = 0;
        long started = System.nanoTime();
        try (RdsPostgresInstance rds = RdsPostgresInstance.builder("stress-upstream")
                .parameters(Map.of("rds.logical_replication", "1")).start();
             EmbeddedPostgresServer backing = EmbeddedPostgresServer.inTemporaryDirectory("stress-backing",
                     PostgresVersion.requestedMajor())) {
            backing.start(Map.of());
            RandomIngestionTrial trial = new RandomIngestionTrial(UpstreamEndpoint.of(rds.host(), rds.port(),
                    "postgres", rds.masterUsername(), rds.masterPassword()), () -> backing.connect("postgres"));
            for (int i = 0; i < trials; i++) {
                long seed = first + i;
                int g = i % GROUPINGS.size();
                Disruption disruption = i / GROUPINGS.size() % 2 == 0 ? Disruption.NONE : Disruption.RESTARTS;
                Result result = trial.run("stress" + i, seed, GROUPINGS.get(g), disruption);
                transactions += result.transactions();
                String outcome = result.exact() && result.status().equals(SourceStatus.RUNNING) ? "exact"
                        : "DIVERGED " + result.divergences() + " status " + result.status();
                if (!outcome.equals("exact")) {
                    failures.add("seed " + seed + " (" + GROUPING_NAMES.get(g) + ", " + disruption + "): " + outcome);
                }
                System.out.printf("trial %d/%d seed %d %s %s: %d transactions, %s%n", i + 1, trials, seed,
                        GROUPING_NAMES.get(g), disruption, result.transactions(), outcome);
            }
        }
        System.out.printf("ingest stress: %d trials (%d upstream transactions) in %.0f s with %d CPU hogs:"
                + " %d diverged%n", trials, transactions, (System.nanoTime() - started) / 1e9, hogs, failures.size());
        failures.forEach(f -> System.out.println("  " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Daemon threads that keep the CPU busy (the JIT cannot remove the loop: its result is published). */
    private static void startHogs(int hogs) {
        for (int h = 0; h < hogs; h++) {
            Thread hog = new Thread(() -> {
                long x = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                    if (x == 42) {
                        System.out.print("");
                    }
                }
            }, "cpu-hog-" + h);
            hog.setDaemon(true);
            hog.setPriority(Thread.NORM_PRIORITY);
            hog.start();
        }
    }
}
