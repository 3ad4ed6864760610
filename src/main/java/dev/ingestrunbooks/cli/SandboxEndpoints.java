package dev.ingestrunbooks.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the running standalone sandbox listens and how to log in: as {@code KEY=value} pairs for scripts
 * ({@link #environment()}) and as ready-to-paste {@code psql} and {@code aws} command lines ({@link #commandLines()}).
 * Passwords appear in both: they are the user's own throw-away sandbox's, shown only to the user who started it.
 *
 * @param mzPassword null when Materialize trusts every login
 */
public record SandboxEndpoints(String mzHost, int mzPort, String mzUser, String mzPassword, String mzDatabase,
        String pgHost, int pgPort, String pgUser, String pgPassword, String pgDatabase, String instanceId,
        URI awsEndpoint, String region, int sshPort) {

    /** Any key pair works: the emulator checks no signature. */
    public static final String AWS_ACCESS_KEY_ID = "test";
    public static final String AWS_SECRET_ACCESS_KEY = "test";

    /**
     * The env file's entries: MZ_HOST MZ_PORT MZ_USER (MZ_PASSWORD when set) PG_HOST PG_PORT PG_USER PG_PASSWORD
     * PG_DATABASE AWS_ENDPOINT_URL, then AWS_REGION, AWS_DEFAULT_REGION (AWS CLI v1), AWS_ACCESS_KEY_ID,
     * AWS_SECRET_ACCESS_KEY, RDS_INSTANCE_ID and SSH_PORT (where every EC2 instance's SSH server listens, 22 on AWS).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MZ_HOST", mzHost);
        env.put("MZ_PORT", String.valueOf(mzPort));
        env.put("MZ_USER", mzUser);
        if (mzPassword != null) {
            env.put("MZ_PASSWORD", mzPassword);
        }
        env.put("PG_HOST", pgHost);
        env.put("PG_PORT", String.valueOf(pgPort));
        env.put("PG_USER", pgUser);
        env.put("PG_PASSWORD", pgPassword);
        env.put("PG_DATABASE", pgDatabase);
        env.put("AWS_ENDPOINT_URL", awsEndpoint.toString());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", AWS_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET_ACCESS_KEY);
        env.put("RDS_INSTANCE_ID", instanceId);
        env.put("SSH_PORT", String.valueOf(sshPort));
        return env;
    }

    /** One command per line: psql to Materialize, psql to PostgreSQL, the AWS CLI against the emulator. */
    public List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        String mzUrl = "postgres://" + mzUser + "@" + mzHost + ":" + mzPort + "/" + mzDatabase;
        lines.add((mzPassword != null ? "PGPASSWORD=" + ShellWords.quote(mzPassword) + " " : "")
                + "psql \"" + mzUrl + "\"");
        lines.add("PGPASSWORD=" + ShellWords.quote(pgPassword) + " psql -h " + pgHost + " -p " + pgPort + " -U "
                + ShellWords.quote(pgUser) + " -d " + ShellWords.quote(pgDatabase));
        lines.add("AWS_ACCESS_KEY_ID=" + AWS_ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY=" + AWS_SECRET_ACCESS_KEY
                + " aws --endpoint-url " + awsEndpoint + " --region " + region
                + " rds describe-db-instances --db-instance-identifier " + instanceId);
        return lines;
    }

    /** The JDBC URL of Materialize (user and password not included). */
    public String mzJdbcUrl() {
        return "jdbc:postgresql://" + mzHost + ":" + mzPort + "/" + mzDatabase;
    }

    /** The JDBC URL of the RDS-like instance's {@code database}. */
    public String pgJdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    @Override
    public String toString() {
        return "SandboxEndpoints[mz=" + mzHost + ":" + mzPort + ", pg=" + pgHost + ":" + pgPort + ", aws="
                + awsEndpoint + ", passwords=****]";
    }
}
