package dev.ingestrunbooks.target;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of one run, read from system properties ({@code -Dkey=value}) first, then from the environment
 * (the key upper-cased with dots and dashes as underscores: {@code runbook.target} → {@code RUNBOOK_TARGET}).
 *
 * <p>Every setting has a sensible default so that {@code mvn verify} works on a fresh machine; the
 * {@link LiveSettings} of the {@code live} target come only from the environment, see README.
 */
public final class RunbookConfig {
    public static final String TARGET = "runbook.target";
    public static final String POSTGRES_VERSION = "runbook.postgres.version";
    public static final String REGION = "runbook.region";
    public static final String ALLOW_LIVE_CHANGES = "runbook.live.allow-changes";
    public static final String WAIT_TIMEOUT = "runbook.wait.timeout";
    /** The compliance inventory (a YAML file); without one, compliance checks the environment's one setup. */
    public static final String INVENTORY = "runbook.inventory";
    /** The Materialize version the sandbox imitates ({@code v0.97} or {@code v0.130}, the default). */
    public static final String MATERIALIZE_VERSION = "runbook.materialize.version";
    /** The CIDR the admin's own connections come from on the live target (e.g. {@code 203.0.113.7/32}). */
    public static final String ADMIN_CIDR = "runbook.admin.cidr";

    private final Properties properties;
    private final Map<String, String> environment;

    public RunbookConfig(Properties properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The configuration of this JVM: system properties and the process environment. */
    public static RunbookConfig fromSystem() {
        return new RunbookConfig(System.getProperties(), System.getenv());
    }

    /** A setting by its property name, falling back to the environment variable of the same name. */
    public Optional<String> get(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            value = environment.get(envName(key));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The compliance inventory file, if one is given ({@code -Drunbook.inventory} or {@code RUNBOOK_INVENTORY}). */
    public Optional<java.nio.file.Path> inventory() {
        return get(INVENTORY).filter(v -> !v.isBlank()).map(java.nio.file.Path::of);
    }

    public TargetKind target() {
        return TargetKind.parse(get(TARGET).orElse("sandbox"));
    }

    /** The PostgreSQL major version the sandbox and containers run: 13 to 17, default 16. */
    public int postgresMajorVersion() {
        String raw = get(POSTGRES_VERSION).orElse("16");
        int major;
        try {
            major = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(POSTGRES_VERSION + " must be a PostgreSQL major version (13-17), not '" + raw + "'");
        }
        if (major < 13 || major > 17) {
            throw new ConfigException(POSTGRES_VERSION + " must be between 13 and 17, not " + major);
        }
        return major;
    }

    /** The AWS region: {@code runbook.region}, else {@code AWS_REGION}, else us-east-1. */
    public String region() {
        return get(REGION).or(() -> Optional.ofNullable(environment.get("AWS_REGION"))).orElse("us-east-1");
    }

    /** Whether steps that change things may run on the live target (never implied: the user opts in). */
    public boolean liveChangesAllowed() {
        return get(ALLOW_LIVE_CHANGES).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    /** How long a step waits for AWS or PostgreSQL to reach a state; ISO-8601 or seconds, default 60 s (live: 30 min). */
    public Duration waitTimeout() {
        Optional<String> raw = get(WAIT_TIMEOUT);
        if (raw.isEmpty()) {
            return target() == TargetKind.LIVE ? Duration.ofMinutes(30) : Duration.ofSeconds(60);
        }
        String v = raw.get();
        try {
            return v.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(v) : Duration.ofSeconds(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new ConfigException(WAIT_TIMEOUT + " must be seconds or an ISO-8601 duration such as PT5M, not '" + v + "'");
        }
    }

    /** The endpoints of a live run; fails with the list of variables to set when one is missing. */
    public LiveSettings live() {
        return LiveSettings.from(this);
    }
}
