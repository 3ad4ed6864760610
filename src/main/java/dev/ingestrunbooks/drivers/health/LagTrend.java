package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.GuideStep;
import java.util.ArrayList;
import java.util.List;

/**
 * C4's lag trend, from the nightly command's history: a source's slot lag that grew run after run (the last
 * {@link #RUNS} measurements, this run's included, each larger than the one before) means ingestion falls behind
 * what the upstream writes; the guide's answer is a larger cluster. A warning, since a lag under the threshold still
 * ingests; too few measurements pass.
 */
public final class LagTrend {

    /** The measurement {@code C3.slot-lag} records. */
    public static final String METRIC = "slot_lag_bytes";
    /** Consecutive growing measurements that make a trend. */
    public static final int RUNS = 3;

    static final CheckDefinition DEFINITION = new CheckDefinition("C4.lag-trend", GuideStep.C4,
            "the source's slot lag does not grow run after run", Severity.MINOR, Category.RISK,
            "a lag that keeps growing means ingestion falls behind the upstream's writes; the slot retains ever more"
                    + " WAL until the lag passes the threshold or the disk fills",
            "right-size the cluster: ALTER CLUSTER <cluster> SET (SIZE = '<larger size>'), then watch the lag");

    private LagTrend() {
    }

    /** The definition of the trend check (for reports that list every check). */
    public static CheckDefinition definition() {
        return DEFINITION;
    }

    /** The trend of {@code health}'s setup given its earlier measurements (oldest first). */
    public static CheckResult judge(SetupHealth health, List<Long> earlier) {
        String setup = health.setup().name();
        Long now = health.metrics().get(METRIC);
        if (now == null) {
            return CheckResult.of(setup, DEFINITION, CheckStatus.PASS, "no slot lag measured this run");
        }
        List<Long> series = new ArrayList<>(earlier);
        series.add(now);
        if (series.size() < RUNS) {
            return CheckResult.of(setup, DEFINITION, CheckStatus.PASS, "slot lag " + now + " bytes; " + series.size()
                    + " of " + RUNS + " runs needed for a trend");
        }
        List<Long> last = series.subList(series.size() - RUNS, series.size());
        boolean growing = true;
        for (int i = 1; i < last.size(); i++) {
            growing &= last.get(i) > last.get(i - 1);
        }
        return growing ? CheckResult.of(setup, DEFINITION, CheckStatus.WARN, "slot lag grew in each of the last "
                + RUNS + " runs: " + last + " bytes") : CheckResult.of(setup, DEFINITION, CheckStatus.PASS,
                "slot lag over the last " + RUNS + " runs: " + last + " bytes");
    }
}
