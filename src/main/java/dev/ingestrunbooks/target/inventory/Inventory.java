package dev.ingestrunbooks.target.inventory;

import dev.ingestrunbooks.target.inventory.SetupSpec.Kind;
import dev.ingestrunbooks.target.inventory.SetupSpec.Login;
import dev.ingestrunbooks.target.inventory.SetupSpec.Names;
import dev.ingestrunbooks.target.inventory.SetupSpec.Thresholds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The setups a compliance run checks, read from a YAML inventory (the format is {@code docs/inventory.md}, its JSON
 * schema {@code docs/inventory.schema.json}) or, without one, the single setup today's environment variables
 * describe ({@link #fromEnvironment}). Every bad field is an {@link InventoryException} naming the file and the
 * field's path; an unknown field is an error (a typo must not silently fall back to a default), and so is a password
 * written into the file.
 */
public record Inventory(String origin, List<SetupSpec> setups) {

    static final Set<String> TOP = Set.of("setups");
    static final Set<String> SETUP = Set.of("name", "kind", "region", "instance", "cluster", "aws_endpoint",
            "upstream", "materialize", "names", "thresholds");
    static final Set<String> LOGIN = Set.of("host", "port", "database", "user", "password_env", "password_file");
    static final Set<String> NAMES = Set.of("source", "publication", "replication_user", "connection");
    static final Set<String> THRESHOLDS = Set.of("slot_lag_bytes", "transaction_minutes", "wal_sender_timeout_ms");

    public Inventory {
        setups = List.copyOf(setups);
    }

    /** Reads and validates {@code file}. */
    public static Inventory load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InventoryException("cannot read inventory " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Validates an inventory's YAML text; {@code origin} names it in errors. */
    public static Inventory parse(String yaml, String origin) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new InventoryException(origin + ": not valid YAML: " + e.getMessage());
        }
        Fields top = Fields.of(root, origin, "", TOP);
        List<Object> entries = top.list("setups");
        if (entries.isEmpty()) {
            throw new InventoryException(origin + ": setups: lists no setup");
        }
        List<SetupSpec> setups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SetupSpec setup = setup(Fields.of(entries.get(i), origin, "setups[" + i + "]", SETUP));
            if (!names.add(setup.name())) {
                throw new InventoryException(origin + ": setups[" + i + "].name: '" + setup.name()
                        + "' is used by an earlier setup; names must be unique");
            }
            setups.add(setup);
        }
        return new Inventory(origin, setups);
    }

    private static SetupSpec setup(Fields f) {
        String name = f.string("name", null);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw f.error("name", "'" + name + "' must be 1-63 letters, digits, '.', '_' or '-'");
        }
        Kind kind = switch (f.string("kind", null).toLowerCase(Locale.ROOT)) {
            case "rds" -> Kind.RDS;
            case "aurora" -> Kind.AURORA;
            default -> throw f.error("kind", "must be rds or aurora, not '" + f.string("kind", null) + "'");
        };
        String idField = kind == Kind.RDS ? "instance" : "cluster";
        String otherField = kind == Kind.RDS ? "cluster" : "instance";
        if (f.has(otherField)) {
            throw f.error(otherField, "belongs to kind " + (kind == Kind.RDS ? "aurora" : "rds") + "; a setup of kind "
                    + kind.id() + " names its " + idField);
        }
        String awsId = f.string(idField, null);
        Optional<URI> endpoint = f.has("aws_endpoint") ? Optional.of(f.uri("aws_endpoint")) : Optional.empty();
        Login upstream = login(f.child("upstream", LOGIN), 5432, "postgres");
        Login materialize = login(f.child("materialize", LOGIN), 6875, "materialize");
        Fields n = f.has("names") ? f.child("names", NAMES) : Fields.empty(f, "names");
        Names names = new Names(n.string("source", Names.GUIDE.source()),
                n.string("publication", Names.GUIDE.publication()),
                n.string("replication_user", Names.GUIDE.replicationUser()),
                n.string("connection", Names.GUIDE.connection()));
        Fields t = f.has("thresholds") ? f.child("thresholds", THRESHOLDS) : Fields.empty(f, "thresholds");
        Thresholds thresholds = new Thresholds(
                t.positiveLong("slot_lag_bytes", Thresholds.DEFAULTS.slotLagBytes()),
                t.positiveLong("transaction_minutes", Thresholds.DEFAULTS.transactionMinutes()),
                t.positiveLong("wal_sender_timeout_ms", Thresholds.DEFAULTS.walSenderTimeoutMs()));
        return new SetupSpec(name, kind, f.string("region", null), awsId, endpoint, upstream, materialize, names,
                thresholds);
    }

    private static Login login(Fields f, int defaultPort, String defaultDatabase) {
        boolean env = f.has("password_env");
        boolean file = f.has("password_file");
        if (env == file) {
            throw f.error("", env ? "names both password_env and password_file; choose one"
                    : "needs password_env (an environment variable) or password_file (a file) for the password");
        }
        SecretRef password = env ? new SecretRef.FromEnvironment(f.string("password_env", null))
                : new SecretRef.FromFile(Path.of(f.string("password_file", null)));
        return new Login(f.string("host", null), f.port("port", defaultPort), f.string("database", defaultDatabase),
                f.string("user", null), password);
    }

    /**
     * No inventory: the one setup today's variables describe (the ones the live target reads): {@code PGHOST},
     * {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}; {@code RUNBOOK_RDS_INSTANCE} or
     * {@code RUNBOOK_AURORA_CLUSTER}; {@code AWS_REGION}; {@code MZ_HOST}, {@code MZ_PORT}, {@code MZ_USER},
     * {@code MZ_PASSWORD}, {@code MZ_DATABASE}. Object names are the guide's.
     */
    public static Inventory fromEnvironment(Function<String, String> env) {
        String instance = env.apply("RUNBOOK_RDS_INSTANCE");
        String cluster = env.apply("RUNBOOK_AURORA_CLUSTER");
        if ((instance == null) == (cluster == null)) {
            throw new InventoryException("no inventory given (--inventory FILE or -Drunbook.inventory=FILE), and the"
                    + " environment names " + (instance == null ? "neither RUNBOOK_RDS_INSTANCE nor"
                    + " RUNBOOK_AURORA_CLUSTER" : "both RUNBOOK_RDS_INSTANCE and RUNBOOK_AURORA_CLUSTER")
                    + ": set exactly one, or write an inventory");
        }
        Map<String, String> missing = new LinkedHashMap<>();
        for (String name : List.of("PGHOST", "PGUSER", "PGPASSWORD", "MZ_HOST", "MZ_USER", "MZ_PASSWORD")) {
            if (env.apply(name) == null) {
                missing.put(name, "");
            }
        }
        if (!missing.isEmpty()) {
            throw new InventoryException("no inventory given, and the environment lacks " + String.join(", ",
                    missing.keySet()) + ": set them, or write an inventory");
        }
        Kind kind = instance != null ? Kind.RDS : Kind.AURORA;
        String region = Optional.ofNullable(env.apply("AWS_REGION")).orElse("us-east-1");
        Login upstream = new Login(env.apply("PGHOST"), envPort(env, "PGPORT", 5432),
                Optional.ofNullable(env.apply("PGDATABASE")).orElse("postgres"), env.apply("PGUSER"),
                new SecretRef.FromEnvironment("PGPASSWORD"));
        Login materialize = new Login(env.apply("MZ_HOST"), envPort(env, "MZ_PORT", 6875),
                Optional.ofNullable(env.apply("MZ_DATABASE")).orElse("materialize"), env.apply("MZ_USER"),
                new SecretRef.FromEnvironment("MZ_PASSWORD"));
        String id = instance != null ? instance : cluster;
        return new Inventory("environment", List.of(new SetupSpec(id, kind, region, id, Optional.empty(), upstream,
                materialize, Names.GUIDE, Thresholds.DEFAULTS)));
    }

    private static int envPort(Function<String, String> env, String name, int fallback) {
        String value = env.apply(name);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InventoryException(name + "=" + value + " is not a port (1-65535)");
    }

    /** One mapping of the YAML document, with its path for errors. */
    private record Fields(Map<String, Object> values, String origin, String path) {

        static Fields of(Object node, String origin, String path, Set<String> known) {
            if (!(node instanceof Map<?, ?> map)) {
                throw new InventoryException(origin + ": " + (path.isEmpty() ? "the document" : path)
                        + ": must be a mapping of fields, not " + describe(node));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(String.valueOf(k), v));
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    String where = path.isEmpty() ? key : path + "." + key;
                    String hint = key.equals("password") ? "passwords are never written into an inventory: use"
                            + " password_env (an environment variable) or password_file (a file)"
                            : "unknown field; known fields here: " + String.join(", ", known.stream().sorted().toList());
                    throw new InventoryException(origin + ": " + where + ": " + hint);
                }
            }
            return new Fields(values, origin, path);
        }

        static Fields empty(Fields parent, String key) {
            return new Fields(Map.of(), parent.origin, parent.path + "." + key);
        }

        boolean has(String key) {
            return values.get(key) != null;
        }

        Fields child(String key, Set<String> known) {
            if (!has(key)) {
                throw error(key, "is required");
            }
            return of(values.get(key), origin, where(key), known);
        }

        List<Object> list(String key) {
            Object value = values.get(key);
            if (!(value instanceof List<?> list)) {
                throw error(key, value == null ? "is required" : "must be a list, not " + describe(value));
            }
            return new ArrayList<>(list);
        }

        String string(String key, String fallback) {
            Object value = values.get(key);
            if (value == null) {
                if (fallback == null) {
                    throw error(key, "is required");
                }
                return fallback;
            }
            if (!(value instanceof String s) || s.isBlank()) {
                throw error(key, "must be a non-empty string, not " + describe(value));
            }
            return s;
        }

        int port(String key, int fallback) {
            long port = positiveLong(key, fallback);
            if (port > 65535) {
                throw error(key, "must be a port (1-65535), not " + port);
            }
            return (int) port;
        }

        long positiveLong(String key, long fallback) {
            Object value = values.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
                throw error(key, "must be a positive whole number, not " + describe(value));
            }
            return ((Number) value).longValue();
        }

        URI uri(String key) {
            String text = string(key, null);
            try {
                URI uri = URI.create(text);
                if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw error(key, "must be an http(s) URL, not '" + text + "'");
        }

        InventoryException error(String key, String problem) {
            String where = key.isEmpty() ? path : where(key);
            return new InventoryException(origin + ": " + where + ": " + problem);
        }

        private String where(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private static String describe(Object value) {
            if (value == null) {
                return "nothing";
            }
            if (value instanceof String s) {
                return "'" + s + "'";
            }
            if (value instanceof Map) {
                return "a mapping";
            }
            if (value instanceof List) {
                return "a list";
            }
            return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        }
    }
}
