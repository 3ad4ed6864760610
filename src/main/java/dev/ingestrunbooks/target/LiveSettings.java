package dev.ingestrunbooks.target;

import dev.ingestrunbooks.drivers.MaterializeAccess;
import dev.ingestrunbooks.drivers.PgEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the {@code live} target finds the user's own setup. PostgreSQL uses libpq's standard variables; AWS uses the
 * SDK's default credential and region chains, so nothing AWS-specific is needed here beyond optional identifiers.
 *
 * @param pgHost       {@code PGHOST}: the RDS instance endpoint or the Aurora <em>writer</em> endpoint
 * @param pgPort       {@code PGPORT}, default 5432
 * @param pgUser       {@code PGUSER}: the admin (master) user
 * @param pgPassword   {@code PGPASSWORD}; never logged
 * @param pgDatabase   {@code PGDATABASE}, default postgres
 * @param rdsInstance  {@code RUNBOOK_RDS_INSTANCE}: the DB instance identifier the RDS runbooks check, if any
 * @param auroraCluster {@code RUNBOOK_AURORA_CLUSTER}: the DB cluster identifier the Aurora runbooks check, if any
 */
public record LiveSettings(String pgHost, int pgPort, String pgUser, String pgPassword, String pgDatabase,
                           Optional<String> rdsInstance, Optional<String> auroraCluster) {

    @Override
    public String toString() {
        return "LiveSettings[pgHost=" + pgHost + ", pgPort=" + pgPort + ", pgUser=" + pgUser
                + ", pgPassword=****, pgDatabase=" + pgDatabase + ", rdsInstance=" + rdsInstance
                + ", auroraCluster=" + auroraCluster + "]";
    }

    static LiveSettings from(RunbookConfig config) {
        List<String> values = required(config, "runbook.target=live", "PGHOST", "PGUSER", "PGPASSWORD");
        int port = port(config, "PGPORT", 5432);
        return new LiveSettings(values.get(0), port, values.get(1), values.get(2),
                config.get("PGDATABASE").orElse("postgres"),
                config.get("RUNBOOK_RDS_INSTANCE"), config.get("RUNBOOK_AURORA_CLUSTER"));
    }

    /**
     * The user's Materialize region: {@code MZ_HOST}, {@code MZ_USER} (the account's email), {@code MZ_PASSWORD} (an
     * app password), optional {@code MZ_PORT} (6875) and {@code MZ_DATABASE} ({@code materialize}). Only the runbooks
     * of guide sections C and D need it.
     */
    static MaterializeAccess materialize(RunbookConfig config) {
        List<String> values = required(config, "the Materialize steps of runbook.target=live", "MZ_HOST", "MZ_USER",
                "MZ_PASSWORD");
        return new MaterializeAccess(new PgEndpoint(values.get(0), port(config, "MZ_PORT", 6875),
                config.get("MZ_DATABASE").orElse("materialize")), values.get(1), values.get(2));
    }

    private static int port(RunbookConfig config, String variable, int defaultPort) {
        String raw = config.get(variable).orElse(String.valueOf(defaultPort));
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + " must be a port number, not '" + raw + "'");
        }
    }

    /** The values of {@code names}, in order; any missing one is a {@link ConfigException} listing all missing. */
    private static List<String> required(RunbookConfig config, String who, String... names) {
        List<String> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Optional<String> value = config.get(name);
            value.ifPresentOrElse(values::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(who + " needs the environment variables " + String.join(", ", missing)
                    + " (see README, 'Targets')");
        }
        return values;
    }
}
