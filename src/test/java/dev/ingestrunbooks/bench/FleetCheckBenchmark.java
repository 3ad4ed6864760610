package dev.ingestrunbooks.bench;

import dev.ingestrunbooks.drivers.health.CheckStatus;
import dev.ingestrunbooks.drivers.health.FleetCheck;
import dev.ingestrunbooks.drivers.health.SetupHealth;
import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.inventory.AwsClients;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a compliance run takes once the setups are up: builds N healthy sandbox setups (alternately RDS and
 * Aurora; each has its own AWS emulator, database and Materialize), then times one setup's checks alone and all N
 * setups checked in parallel, each three times (median printed). Building the setups is not timed. Not a test: it
 * asserts nothing but prints a warning when a healthy setup shows a finding. Run with
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ingestrunbooks.bench.FleetCheckBenchmark [-Dexec.args="10 8"]</pre>
 * (setups, parallelism).
 */
public final class FleetCheckBenchmark {

    private FleetCheckBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<SandboxSetup> setups = new ArrayList<>();
        try {
            long built = System.nanoTime();
            for (int i = 0; i < count; i++) {
                SetupSpec.Kind kind = i % 2 == 0 ? SetupSpec.Kind.RDS : SetupSpec.Kind.AURORA;
                setups.add(SandboxSetup.healthy(kind, "fleet-" + i, RunbookConfig.fromSystem()));
            }
            System.out.printf("fleet check: %d healthy sandbox setups built in %.1f s (not timed below)%n", count,
                    (System.nanoTime() - built) / 1e9);
            List<SetupSpec> specs = setups.stream().map(SandboxSetup::spec).toList();
            double[] one = new double[3];
            double[] all = new double[3];
            for (int round = 0; round < 3; round++) {
                one[round] = time(List.of(specs.get(0)), 1);
                all[round] = time(specs, parallelism);
                System.out.printf("  round %d: one setup %.2f s, %d setups %.2f s%n", round + 1, one[round], count,
                        all[round]);
            }
            java.util.Arrays.sort(one);
            java.util.Arrays.sort(all);
            System.out.printf("fleet check (2 cores): one setup %.2f s, %d setups in parallel (%d at a time) %.2f s"
                    + " (medians of 3)%n", one[1], count, parallelism, all[1]);
        } finally {
            setups.forEach(SandboxSetup::close);
        }
        System.exit(0);
    }

    private static double time(List<SetupSpec> specs, int parallelism) {
        long started = System.nanoTime();
        List<SetupHealth> results = FleetCheck.run(specs, parallelism, AwsClients::rds, h -> { });
        double seconds = (System.nanoTime() - started) / 1e9;
        results.stream().filter(h -> h.count(CheckStatus.FAIL) + h.count(CheckStatus.ERROR) > 0)
                .forEach(h -> System.out.println("  warning: healthy setup " + h.setup().name() + " shows "
                        + h.results().stream().filter(r -> r.status() == CheckStatus.FAIL
                        || r.status() == CheckStatus.ERROR).map(r -> r.summary()).toList()));
        return seconds;
    }
}
