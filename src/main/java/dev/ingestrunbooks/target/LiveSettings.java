package dev.ingestrunbooks.target;

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
        List<String> missing = new ArrayList<>();
        String host = required(config, "PGHOST", missing);
        String user = required(config, "PGUSER", missing);
        String password = required(config, "PGPASSWORD", missing);
        if (!missing.isEmpty()) {
            throw new ConfigException("runbook.target=live needs the environment variables " + String.join(", ", missing)
                    + " (see README, 'Targets')");
        }
        int port = port(config, "PGPORT", 5432);
        return new LiveSettings(host, port, user, password, config.get("PGDATABASE").orElse("postgres"),
                config.get("RUNBOOK_RDS_INSTANCE"), config.get("RUNBOOK_AURORA_CLUSTER"));
    }

    /**
     * The user's Materialize region: {@code MZ_HOST}, {@code MZ_USER} (the account's email), {@code MZ_PASSWORD} (an
     * app password), optional {@code MZ_PORT} (6875) and {@code MZ_DATABASE} ({@code materialize}). Only the runbooks
     * of guide sections C and D need it.
     */
    static MaterializeAccess materialize(RunbookConfig config) {
        List<String> missing = new ArrayList<>();
        String host = required(config, "MZ_HOST", missing);
        String user = required(config, "MZ_USER", missing);
        String password = required(config, "MZ_PASSWORD", missing);
        if (!missing.isEmpty()) {
            throw new ConfigException("the Materialize steps of runbook.target=live need the environment variables "
                    + String.join(", ", missing) + " (see README, 'Targets')");
        }
        return new MaterializeAccess(new PgEndpoint(host, port(config, "MZ_PORT", 6875),
                config.get("MZ_DATABASE").orElse("materialize")), user, password);
    }

    private static int port(RunbookConfig config, String variable, int defaultPort) {
        String raw = config.get(variable).orElse(String.valueOf(defaultPort));
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + " must be a port number, not '" + raw + "'");
        }
    }

    private static String required(RunbookConfig config, String name, List<String> missing) {
        Optional<String> value = config.get(name);
        if (value.isEmpty()) {
            missing.add(name);
        }
        return value.orElse(null);
    }
}
