package dev.ingestrunbooks.bench;

import dev.ingestrunbooks.sandbox.rds.AuroraCluster;
import dev.ingestrunbooks.sandbox.rds.RdsPostgresInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long the sandbox's databases take to start, reboot and stop: the cost every runbook scenario pays.
 * Not a test (it asserts nothing); run it with
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.ingestrunbooks.bench.SandboxStartBenchmark [-Dexec.args=5]</pre>
 * The first RDS start of a JVM is reported separately: it pays for unpacking binaries and one-time preparation.
 */
public final class SandboxStartBenchmark {
    private SandboxStartBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf("sandbox start benchmark: %d rounds, PostgreSQL %s%n", rounds,
                System.getProperty("runbook.postgres.version", "16"));
        List<Long> rdsStart = new ArrayList<>();
        List<Long> reboot = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> auroraStart = new ArrayList<>();
        long first = timed(() -> RdsPostgresInstance.builder("bench-first").start(), RdsPostgresInstance::close);
        System.out.printf("first RDS instance start in this JVM: %d ms%n", first);
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            RdsPostgresInstance instance = RdsPostgresInstance.builder("bench-" + i).start();
            long t1 = System.nanoTime();
            instance.reboot(Map.of("rds.logical_replication", "1"));
            long t2 = System.nanoTime();
            instance.close();
            long t3 = System.nanoTime();
            rdsStart.add(ms(t1 - t0));
            reboot.add(ms(t2 - t1));
            stop.add(ms(t3 - t2));
        }
        for (int i = 0; i < rounds; i++) {
            String name = "bench-aurora-" + i;
            auroraStart.add(timed(() -> AuroraCluster.builder(name).start(), AuroraCluster::close));
        }
        report("RDS instance start", rdsStart);
        report("RDS instance reboot (logical replication on)", reboot);
        report("RDS instance stop", stop);
        report("Aurora cluster start (writer + hot-standby reader)", auroraStart);
    }

    private static <T> long timed(Supplier<T> start, java.util.function.Consumer<T> close) {
        long t0 = System.nanoTime();
        T resource = start.get();
        long elapsed = ms(System.nanoTime() - t0);
        close.accept(resource);
        return elapsed;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void report(String what, List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        System.out.printf("%-52s median %5d ms  min %5d  max %5d  (n=%d)%n", what, sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
