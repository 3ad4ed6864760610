package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans {@code CREATE CONNECTION}: Materialize's per-type option rules and texts (docs/materialize.md §2.2–2.4, from
 * {@code src/sql/src/plan/statement/ddl/connection.rs}): permitted options, required options, defaults
 * ({@code PORT} 5432 / 22), SSL MODE spellings, secret-only and text-only options, validation defaults.
 *
 * <p>{@code AVAILABILITY ZONES} are checked against the region's zone ids when the caller knows them (an environment
 * with PrivateLink), in Materialize's order: the first unknown id fails at once, duplicates are reported after the
 * loop. Limits: duplicates are also refused when no zone list is known (Materialize then checks nothing; such an
 * environment refuses the connection anyway); the SERVICE NAME is not checked, as Materialize does not check it
 * either (a wrong name shows up as the endpoint's status).
 */
public final class ConnectionPlanner {
    private static final Map<ConnectionKind, List<String>> PERMITTED = Map.of(
            ConnectionKind.POSTGRES, List.of("AWS PRIVATELINK", "DATABASE", "HOST", "PASSWORD", "PORT", "SSH TUNNEL",
                    "SSL CERTIFICATE", "SSL CERTIFICATE AUTHORITY", "SSL KEY", "SSL MODE", "USER"),
            ConnectionKind.AWS_PRIVATELINK, List.of("AVAILABILITY ZONES", "PORT", "SERVICE NAME"),
            ConnectionKind.SSH_TUNNEL, List.of("HOST", "PORT", "USER"));
    private static final Set<String> SECRET_ONLY = Set.of("PASSWORD", "SSL KEY");
    private static final Set<String> CONNECTION_VALUED = Set.of("AWS PRIVATELINK", "SSH TUNNEL");

    private ConnectionPlanner() {
    }

    /** Plans {@code statement} without a list of availability zone ids to check against. */
    public static PlannedConnection plan(CreateConnection statement) {
        return plan(statement, Optional.empty());
    }

    /**
     * Plans {@code statement} or throws Materialize's planning error; {@code knownZoneIds}: the region's zone ids
     * that {@code AVAILABILITY ZONES} must come from, when known.
     */
    public static PlannedConnection plan(CreateConnection statement, Optional<List<String>> knownZoneIds) {
        ConnectionKind kind = ConnectionKind.valueOf(statement.type().name());
        Map<String, String> text = new HashMap<>();
        Map<String, String> secrets = new HashMap<>();
        List<String> connections = new ArrayList<>();
        for (MzOption option : statement.options()) {
            if (!PERMITTED.get(kind).contains(option.name())) {
                throw MzErrors.unsupportedConnectionOption(typeWord(kind), option.name());
            }
            classify(kind, option, text, secrets, connections);
        }
        if (text.containsKey("SSH TUNNEL") && text.containsKey("AWS PRIVATELINK")) {
            throw MzErrors.sshTunnelAndPrivateLink();
        }
        switch (kind) {
            case POSTGRES -> postgres(text, secrets);
            case AWS_PRIVATELINK -> privateLink(text, knownZoneIds);
            case SSH_TUNNEL -> ssh(text);
        }
        return new PlannedConnection(statement.name().item(), statement.ifNotExists(), kind, text, secrets,
                connections, validate(statement, kind));
    }

    private static void classify(ConnectionKind kind, MzOption option, Map<String, String> text,
                                 Map<String, String> secrets, List<String> connections) {
        OptionValue value = option.value();
        if (value instanceof OptionValue.ConnectionRef ref) {
            if (MzOption.find(ref.options(), "PORT").isPresent() && option.name().equals("AWS PRIVATELINK")) {
                throw MzErrors.privatelinkPortUnsupported(typeWord(kind));
            }
            connections.add(ref.name().item());
            tunnelOption(option.name(), ref.name().item(), text);
        } else if (CONNECTION_VALUED.contains(option.name())) {
            connections.add(value.asText());
            tunnelOption(option.name(), value.asText(), text);
        } else if (value instanceof OptionValue.SecretRef ref) {
            if (kind == ConnectionKind.SSH_TUNNEL && option.name().equals("USER")) {
                throw MzErrors.sshUserSecret();
            }
            secrets.put(option.name(), ref.name().item());
        } else if (SECRET_ONLY.contains(option.name())) {
            throw MzErrors.invalidOption(option.name(), "must provide a secret value");
        } else if (value instanceof OptionValue.ListOf list) {
            text.put(option.name(), String.join(",", list.texts()));
        } else {
            text.put(option.name(), value.asText());
        }
    }

    /**
     * {@code SSH TUNNEL x} and {@code AWS PRIVATELINK x} are also kept as text options: the catalog checks their
     * type, the sources follow them.
     */
    private static void tunnelOption(String option, String connection, Map<String, String> text) {
        if (CONNECTION_VALUED.contains(option)) {
            text.put(option, connection);
        }
    }

    private static void postgres(Map<String, String> text, Map<String, String> secrets) {
        require(text, secrets, "HOST");
        require(text, secrets, "DATABASE");
        require(text, secrets, "USER");
        text.putIfAbsent("PORT", "5432");
        text.put("SSL MODE", sslMode(text.get("SSL MODE")));
        boolean cert = text.containsKey("SSL CERTIFICATE") || secrets.containsKey("SSL CERTIFICATE");
        if (cert != secrets.containsKey("SSL KEY")) {
            throw MzErrors.sslKeyAndCertificate();
        }
    }

    private static String sslMode(String mode) {
        if (mode == null) {
            return "disable";
        }
        return switch (mode) {
            case "disable" -> "disable";
            case "require", "required" -> "require";
            case "verify_ca", "verify-ca" -> "verify_ca";
            case "verify_full", "verify-full" -> "verify_full";
            default -> throw MzErrors.unknownSslMode(mode);
        };
    }

    private static void privateLink(Map<String, String> text, Optional<List<String>> knownZoneIds) {
        require(text, Map.of(), "SERVICE NAME");
        require(text, Map.of(), "AVAILABILITY ZONES");
        List<String> zones = text.get("AVAILABILITY ZONES").isEmpty() ? List.of()
                : List.of(text.get("AVAILABILITY ZONES").split(","));
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new TreeSet<>();
        for (String z : zones) {
            if (!seen.add(z)) {
                duplicates.add(z);
            }
            if (knownZoneIds.isPresent() && !knownZoneIds.get().contains(z)) {
                throw MzErrors.invalidAvailabilityZone(z, new TreeSet<>(knownZoneIds.get()).stream().toList());
            }
        }
        if (!duplicates.isEmpty()) {
            throw MzErrors.duplicateAvailabilityZones(List.copyOf(duplicates));
        }
    }

    private static void ssh(Map<String, String> text) {
        require(text, Map.of(), "HOST");
        require(text, Map.of(), "USER");
        text.putIfAbsent("PORT", "22");
    }

    private static void require(Map<String, String> text, Map<String, String> secrets, String option) {
        if (!text.containsKey(option) && !secrets.containsKey(option)) {
            throw MzErrors.optionRequired(option);
        }
    }

    private static boolean validate(CreateConnection statement, ConnectionKind kind) {
        return MzOption.find(statement.with(), "VALIDATE")
                .map(v -> v instanceof OptionValue.Absent || "true".equalsIgnoreCase(v.asText()))
                .orElse(kind == ConnectionKind.POSTGRES);
    }

    private static String typeWord(ConnectionKind kind) {
        return switch (kind) {
            case POSTGRES -> "POSTGRES";
            case AWS_PRIVATELINK -> "AWS PRIVATELINK";
            case SSH_TUNNEL -> "SSH TUNNEL";
        };
    }
}
