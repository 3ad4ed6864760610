package dev.ingestrunbooks.drivers.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measurements of earlier nightly runs, one JSON line per setup and run in {@code setup-health-history.jsonl}
 * next to {@code setup-health.json}: {@code {"at": "…", "setup": "…", "metrics": {"slot_lag_bytes": 123}}}. The
 * file keeps the newest {@link #KEEP} lines. Lines this class cannot read are skipped.
 */
public final class HealthHistory {

    static final int KEEP = 5_000;
    private static final Pattern LINE = Pattern.compile(
            "\\{\"at\": \"([^\"]*)\", \"setup\": (\"(?:[^\"\\\\]|\\\\.)*\"), \"metrics\": \\{(.*)}}");
    private static final Pattern METRIC = Pattern.compile("\"([a-z_]+)\": (-?\\d+)");

    private final Path file;

    public HealthHistory(Path file) {
        this.file = file;
    }

    /** {@code metric} of {@code setup} in earlier runs, oldest first. */
    public List<Long> series(String setup, String metric) {
        List<Long> values = new ArrayList<>();
        for (String line : lines()) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && m.group(2).equals(HealthJson.str(setup))) {
                Matcher v = METRIC.matcher(m.group(3));
                while (v.find()) {
                    if (v.group(1).equals(metric)) {
                        values.add(Long.parseLong(v.group(2)));
                    }
                }
            }
        }
        return values;
    }

    /** Appends this run's measurements (setups without any are skipped) and trims the file. */
    public void append(List<SetupHealth> run, Instant at) {
        List<String> lines = new ArrayList<>(lines());
        for (SetupHealth health : run) {
            Map<String, Long> metrics = health.metrics();
            if (!metrics.isEmpty()) {
                List<String> fields = new ArrayList<>();
                metrics.forEach((name, value) -> fields.add(HealthJson.str(name) + ": " + value));
                lines.add("{\"at\": \"" + at + "\", \"setup\": " + HealthJson.str(health.setup().name())
                        + ", \"metrics\": {" + String.join(", ", fields) + "}}");
            }
        }
        List<String> kept = lines.subList(Math.max(0, lines.size() - KEEP), lines.size());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, kept, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
