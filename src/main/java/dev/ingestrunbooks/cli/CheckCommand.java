package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.health.CheckResult;
import dev.ingestrunbooks.drivers.health.CheckStatus;
import dev.ingestrunbooks.drivers.health.FleetCheck;
import dev.ingestrunbooks.drivers.health.HealthHistory;
import dev.ingestrunbooks.drivers.health.LagTrend;
import dev.ingestrunbooks.drivers.health.HealthJson;
import dev.ingestrunbooks.drivers.health.SetupHealth;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.evidence.StandaloneResults;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.Inventory;
import dev.ingestrunbooks.target.inventory.InventoryException;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code check}: the nightly compliance run without Maven. Reads the inventory (or the environment's one setup),
 * checks the setups in parallel, read-only, prints one line per setup as it finishes and one per finding, and writes
 * {@code setup-health.json} and Allure results (one per setup and check, filed under the setup) into the report
 * directory. Exit status 0 healthy (warnings allowed), 1 findings, 2 a check could not read what it needs or the
 * inventory is wrong.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks, read-only, that setups are still in the state the Materialize ingest guides leave "
                + "them in. Exit status: 0 healthy, 1 findings, 2 could not check.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "The setups to check (YAML; see docs/inventory.md). Default: the one setup the PG*, "
                    + "RUNBOOK_RDS_INSTANCE / RUNBOOK_AURORA_CLUSTER and MZ_* variables describe.")
    private Path inventory;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Check only every n-th setup starting at the i-th (1-based), e.g. for a Kubernetes "
                    + "Indexed Job with n completions.")
    private String shard;

    @Option(names = "--parallel", paramLabel = "N", description = "Setups checked at once (default: ${DEFAULT-VALUE}).")
    private int parallel = 8;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Where setup-health.json and allure-results/ go (default: ${DEFAULT-VALUE}).")
    private Path reportDir = Path.of("reports");

    @Option(names = "--history", paramLabel = "FILE",
            description = "Measurements of earlier runs, for trends (default: setup-health-history.jsonl in the "
                    + "report directory); this run's are appended.")
    private Path history;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<SetupSpec> setups;
        try {
            setups = inventory != null ? Inventory.load(inventory).setups()
                    : Inventory.fromEnvironment(System::getenv).setups();
        } catch (InventoryException e) {
            spec.commandLine().getErr().println("check: " + e.getMessage());
            return 2;
        }
        if (shard != null) {
            setups = shard(setups);
        }
        out.printf("Checking %d setup(s), %d at a time, read-only…%n", setups.size(), parallel);
        out.flush();
        long started = System.currentTimeMillis();
        List<SetupHealth> checked = FleetCheck.run(setups, parallel, AwsClients::rds, health -> report(out, health));
        Instant at = Instant.now();
        HealthHistory past = new HealthHistory(history != null ? history
                : reportDir.resolve("setup-health-history.jsonl"));
        List<SetupHealth> results = checked.stream()
                .map(h -> h.plus(LagTrend.judge(h, past.series(h.setup().name(), LagTrend.METRIC)))).toList();
        results.forEach(h -> h.results().stream().filter(r -> r.check().equals(LagTrend.definition())
                && r.status() != CheckStatus.PASS).forEach(r -> out.println("      " + r.summary())));
        past.append(results, at);
        writeReports(results, started, at);
        int status = SetupHealth.exitStatus(results);
        out.printf("%d setup(s) in %.1f s: %s. Wrote %s and %s.%n", results.size(),
                (System.currentTimeMillis() - started) / 1000.0, summary(results),
                reportDir.resolve("setup-health.json"), reportDir.resolve("allure-results"));
        out.flush();
        return status;
    }

    private List<SetupSpec> shard(List<SetupSpec> setups) {
        String[] parts = shard.split("/");
        try {
            return FleetCheck.shard(setups, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--shard must be i/n with 1 <= i <= n, not " + shard);
        }
    }

    private static synchronized void report(PrintWriter out, SetupHealth health) {
        out.printf("  %-24s %-5s %2d pass, %d warn, %d fail, %d error (%.1f s)%n", health.setup().name(),
                health.worst().name(), health.count(CheckStatus.PASS), health.count(CheckStatus.WARN),
                health.count(CheckStatus.FAIL), health.count(CheckStatus.ERROR), health.took().toMillis() / 1000.0);
        health.results().stream().filter(r -> r.status() != CheckStatus.PASS)
                .forEach(r -> out.println("      " + r.summary()));
        out.flush();
    }

    private static String summary(List<SetupHealth> results) {
        Map<CheckStatus, Long> counts = new LinkedHashMap<>();
        for (CheckStatus s : CheckStatus.values()) {
            counts.put(s, results.stream().mapToLong(h -> h.count(s)).sum());
        }
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id())
                .collect(Collectors.joining(", "));
    }

    private void writeReports(List<SetupHealth> results, long startedMillis, Instant at) throws IOException {
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve("setup-health.json"), Secrets.mask(HealthJson.render(results, at)),
                StandardCharsets.UTF_8);
        Path allure = reportDir.resolve("allure-results");
        freshResults(allure);
        Evidence.categories(allure, Arrays.stream(GuideStep.values()).collect(Collectors.toMap(GuideStep::title,
                step -> "do " + step.reference())));
        Evidence.environment(allure, Map.of("target", "check command", "setups", String.valueOf(results.size()),
                "inventory", inventory == null ? "environment" : inventory.toString()));
        StandaloneResults writer = new StandaloneResults(allure);
        long stop = System.currentTimeMillis();
        for (SetupHealth health : results) {
            for (CheckResult r : health.results()) {
                writer.write(allureResult(health.setup(), r, startedMillis, stop));
            }
        }
    }

    /**
     * Empties the results directory of an earlier run (each report shows one run) and carries the previous report's
     * {@code history/} over, as Allure needs for its trend graphs ({@code <report-dir>/allure-report/history}).
     */
    private void freshResults(Path allure) throws IOException {
        Files.createDirectories(allure);
        try (var old = Files.list(allure)) {
            for (Path p : old.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        Path history = reportDir.resolve("allure-report").resolve("history");
        if (Files.isDirectory(history)) {
            Path into = Files.createDirectories(allure.resolve("history"));
            try (var files = Files.list(history)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(p, into.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static StandaloneResults.Result allureResult(SetupSpec setup, CheckResult r, long start, long stop) {
        String status = switch (r.status()) {
            case PASS, WARN -> "passed";
            case FAIL -> "failed";
            case ERROR -> "broken";
        };
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("parentSuite", "Setup health");
        labels.put("suite", setup.name() + " (" + setup.kind().id() + " " + setup.awsId() + ")");
        labels.put("subSuite", r.check().step().title());
        labels.put("epic", "Setup health");
        labels.put("feature", setup.name());
        labels.put("story", r.check().step().title());
        labels.put("severity", r.check().severity().allureLabel());
        labels.put("tag", r.status().id());
        String id = setup.name() + "/" + r.check().id();
        return new StandaloneResults.Result(r.check().id() + ": " + r.check().title(), id, id, status,
                r.status() == CheckStatus.PASS ? null : r.summary(), labels,
                r.summary() + "\n\nwhy it matters: " + r.check().risk(), start, stop);
    }
}
