package dev.ingestrunbooks.drivers.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code setup-health.json}: a run's results for alerting and dashboards. One object per setup (name, kind, AWS id,
 * worst status, counts, seconds) with one object per check (id, guide step, title, status, severity, category,
 * message, fix); {@code exit_status} as the process returns it. Messages are already masked.
 */
public final class HealthJson {

    private HealthJson() {
    }

    public static String render(List<SetupHealth> setups, Instant at) {
        List<String> items = new ArrayList<>();
        for (SetupHealth s : setups) {
            List<String> checks = new ArrayList<>();
            for (CheckResult r : s.results()) {
                CheckDefinition d = r.check();
                checks.add(object("id", str(d.id()), "step", str(d.step().id()), "title", str(d.title()),
                        "status", str(r.status().id()), "severity", str(d.severity().id()),
                        "category", str(r.category().title()), "message", str(r.message()),
                        "fix_step", r.status() == CheckStatus.PASS ? "null" : str(r.fix().id()),
                        "fix", r.status() == CheckStatus.PASS ? "null" : str(r.advice())));
            }
            items.add(object("name", str(s.setup().name()), "kind", str(s.setup().kind().id()),
                    "region", str(s.setup().region()), "aws_id", str(s.setup().awsId()),
                    "status", str(s.worst().id()), "pass", num(s.count(CheckStatus.PASS)),
                    "warn", num(s.count(CheckStatus.WARN)), "fail", num(s.count(CheckStatus.FAIL)),
                    "error", num(s.count(CheckStatus.ERROR)),
                    "seconds", String.format(java.util.Locale.ROOT, "%.3f", s.took().toMillis() / 1000.0),
                    "metrics", metrics(s.metrics()),
                    "checks", "[\n      " + String.join(",\n      ", checks) + "\n    ]"));
        }
        return "{\n  \"generated_at\": " + str(at.toString()) + ",\n  \"exit_status\": " + SetupHealth.exitStatus(setups)
                + ",\n  \"setups\": [\n    " + String.join(",\n    ", items) + "\n  ]\n}\n";
    }

    private static String metrics(java.util.Map<String, Long> metrics) {
        List<String> fields = new ArrayList<>();
        metrics.forEach((name, value) -> fields.add(str(name) + ": " + value));
        return "{" + String.join(", ", fields) + "}";
    }

    private static String object(String... pairs) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(str(pairs[i]) + ": " + pairs[i + 1]);
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private static String num(long n) {
        return Long.toString(n);
    }

    /** A JSON string literal. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
