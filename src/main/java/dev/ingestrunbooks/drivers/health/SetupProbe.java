package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.AwsControlPlane;
import dev.ingestrunbooks.drivers.ChangeGuard;
import dev.ingestrunbooks.drivers.PgEndpoint;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;
import dev.ingestrunbooks.target.inventory.AwsClients;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Read-only access to one setup for its checks: the upstream database, Materialize and AWS, opened on first use and
 * closed with the probe. Nothing can write through it:
 * <ul>
 *   <li>upstream sessions start with {@code default_transaction_read_only = on} (a startup option, so it holds for
 *       every statement) and pgJDBC's read-only mode;</li>
 *   <li>Materialize statements must be {@code SELECT} or {@code SHOW} (anything else is refused before it is sent);</li>
 *   <li>AWS goes through an {@link AwsControlPlane} whose change guard refuses every change.</li>
 * </ul>
 * Reads are cached per probe (several checks read the same catalog), and each is attached as evidence the first
 * time. Not thread-safe: one probe per setup, on one thread.
 */
public final class SetupProbe implements AutoCloseable {

    private static final Pattern READ_ONLY_MZ = Pattern.compile("(?is)^\\s*(SELECT|SHOW|WITH)\\b.*");
    private static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** A check never changes AWS: the driver refuses before any request is sent. */
    private static final ChangeGuard NO_CHANGES = action -> {
        throw new IllegalStateException("a compliance check never changes anything, but it tried to " + action);
    };

    private final SetupSpec setup;
    private final Function<SetupSpec, RdsClient> awsFactory;
    private final Map<String, ResultTable> cache = new HashMap<>();
    private Connection upstream;
    private Connection materialize;
    private RdsClient rds;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elbv2;
    private AwsControlPlane aws;

    /**
     * {@code awsFactory} builds an RDS client for the setup's region and endpoint; the EC2 client comes from
     * {@link AwsClients#ec2}. The probe closes both.
     */
    public SetupProbe(SetupSpec setup, Function<SetupSpec, RdsClient> awsFactory) {
        this.setup = setup;
        this.awsFactory = awsFactory;
    }

    public SetupSpec setup() {
        return setup;
    }

    /** The AWS control plane, read-only. */
    public AwsControlPlane aws() {
        if (aws == null) {
            rds = awsFactory.apply(setup);
            ec2 = AwsClients.ec2(setup);
            elbv2 = AwsClients.elbv2(setup);
            aws = new AwsControlPlane(rds, ec2, elbv2, NO_CHANGES, Duration.ofSeconds(1));
        }
        return aws;
    }

    /** A query on the upstream database, in a read-only session. */
    public ResultTable upstream(String sql) {
        return cache.computeIfAbsent("upstream:" + sql, k -> {
            Evidence.sql("SQL on " + setup.upstream() + " (read-only)", sql);
            ResultTable result = run(upstreamConnection(), sql, "the upstream database " + setup.upstream());
            Evidence.table("result", result.columns(), result.rows());
            return result;
        });
    }

    /** A {@code SELECT} or {@code SHOW} on Materialize; anything else is refused. */
    public ResultTable materialize(String sql) {
        if (!READ_ONLY_MZ.matcher(sql).matches()) {
            throw new IllegalArgumentException("a check may only SELECT or SHOW on Materialize: " + sql);
        }
        return cache.computeIfAbsent("materialize:" + sql, k -> {
            Evidence.sql("SQL on Materialize " + setup.materialize(), sql);
            ResultTable result = run(materializeConnection(), sql, "Materialize " + setup.materialize());
            Evidence.table("result", result.columns(), result.rows());
            return result;
        });
    }

    private static ResultTable run(Connection c, String sql, String where) {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            return ResultTable.of(s.executeQuery(sql));
        } catch (SQLException e) {
            throw new CheckUnreadable(where + ": " + Secrets.mask(e.getMessage()) + " (while running: " + sql + ")",
                    e);
        }
    }

    private Connection upstreamConnection() {
        if (upstream == null) {
            SetupSpec.Login login = setup.upstream();
            PgEndpoint endpoint = new PgEndpoint(login.host(), login.port(), login.database());
            var props = endpoint.properties(login.user(), login.password().resolve());
            PGProperty.READ_ONLY.set(props, true);
            PGProperty.READ_ONLY_MODE.set(props, "always");
            PGProperty.OPTIONS.set(props, "-c default_transaction_read_only=on");
            PGProperty.APPLICATION_NAME.set(props, "ingest-runbooks-check");
            upstream = open(endpoint, props, "the upstream database " + login);
        }
        return upstream;
    }

    private Connection materializeConnection() {
        if (materialize == null) {
            SetupSpec.Login login = setup.materialize();
            PgEndpoint endpoint = new PgEndpoint(login.host(), login.port(), login.database());
            var props = endpoint.properties(login.user(), login.password().resolve());
            PGProperty.APPLICATION_NAME.set(props, "ingest-runbooks-check");
            materialize = open(endpoint, props, "Materialize " + login);
        }
        return materialize;
    }

    private static Connection open(PgEndpoint endpoint, java.util.Properties props, String what) {
        try {
            return DriverManager.getConnection(endpoint.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new CheckUnreadable("cannot connect to " + what + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        for (Connection c : new Connection[] {upstream, materialize}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
        upstream = null;
        materialize = null;
        if (rds != null) {
            rds.close();
            ec2.close();
            elbv2.close();
            rds = null;
            ec2 = null;
            elbv2 = null;
            aws = null;
        }
    }
}
