package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.time.Duration;
import java.util.List;

/** One setup's results from one run, with how long its checks took. */
public record SetupHealth(SetupSpec setup, List<CheckResult> results, Duration took) {

    public SetupHealth {
        results = List.copyOf(results);
    }

    /** The worst status among the results (PASS when there are none). */
    public CheckStatus worst() {
        return results.stream().map(CheckResult::status).max(Enum::compareTo).orElse(CheckStatus.PASS);
    }

    /** Every measurement the checks took, by name. */
    public java.util.Map<String, Long> metrics() {
        java.util.Map<String, Long> all = new java.util.TreeMap<>();
        results.forEach(r -> all.putAll(r.metrics()));
        return all;
    }

    /** This setup's health with one more result (e.g. a trend computed after the checks). */
    public SetupHealth plus(CheckResult result) {
        List<CheckResult> more = new java.util.ArrayList<>(results);
        more.add(result);
        return new SetupHealth(setup, more, took);
    }

    public long count(CheckStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /**
     * The process exit status of a run: 2 when any check could not read what it needs (the run cannot vouch for
     * the setups), else 1 when there is any finding, else 0 (warnings included).
     */
    public static int exitStatus(List<SetupHealth> setups) {
        boolean error = setups.stream().anyMatch(s -> s.count(CheckStatus.ERROR) > 0);
        boolean fail = setups.stream().anyMatch(s -> s.count(CheckStatus.FAIL) > 0);
        return error ? 2 : fail ? 1 : 0;
    }
}
