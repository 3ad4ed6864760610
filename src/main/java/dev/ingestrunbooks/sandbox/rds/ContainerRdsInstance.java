package dev.ingestrunbooks.sandbox.rds;

import dev.ingestrunbooks.postgres.PgQuote;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.ingestrunbooks.sandbox.network.PgFrontProxy;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * An RDS for PostgreSQL instance whose server is the official {@code postgres} image in Docker (Testcontainers),
 * for the {@code containers} target. The RDS flavour is the sandbox's ({@link RdsBootstrap}, {@link RdsSettingsView},
 * {@link ReplicationRoleSync} behind a {@link PgFrontProxy}); {@link #reboot(Map)} writes the settings the parameters
 * imply with {@code ALTER SYSTEM} and restarts the container, which keeps its data.
 *
 * <p>Untested on the machines this project is built on (they have no Docker daemon). Limits: no Aurora; the
 * container's superuser stays the internal admin login.
 */
public final class ContainerRdsInstance implements DbEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRdsInstance.class);
    private static final int PORT = 5432;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String PG_HBA_LINES = "'local all all trust', 'host all all all scram-sha-256',"
            + " 'host replication all all scram-sha-256'";

    private final String identifier;
    private final Credentials master;
    private final Credentials admin = new Credentials(RdsBootstrap.ADMIN_USER, Credentials.generatePassword());
    private final PostgreSQLContainer container;
    private ReplicationRoleSync roleSync;
    private PgFrontProxy proxy;
    private volatile InetSocketAddress server;

    private ContainerRdsInstance(String identifier, int major) {
        this.identifier = identifier;
        this.master = new Credentials("postgres", Credentials.generatePassword());
        this.container = new PostgreSQLContainer("postgres:" + major).withUsername(admin.user())
                .withPassword(admin.password()).withDatabaseName("postgres")
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
    }

    /** Starts the container and gives it the RDS flavour: logical replication off, as a new RDS instance. */
    public static ContainerRdsInstance start(String identifier, int major) {
        ContainerRdsInstance instance = new ContainerRdsInstance(identifier, major);
        try {
            return instance.startContainer();
        } catch (SQLException | RuntimeException e) {
            instance.close();
            throw new IllegalStateException("RDS instance " + identifier + " (container) did not start: " + e.getMessage(), e);
        }
    }

    private ContainerRdsInstance startContainer() throws SQLException {
        LOG.info("starting RDS instance {} in a postgres container…", identifier);
        container.start();
        server = mappedAddress();
        try (Connection c = connect("postgres")) {
            RdsBootstrap.createRdsRoles(c);
            RdsSettingsView.create(c);
            RdsBootstrap.createMaster(c, master);
            String hba = Jdbc.queryString(c, "SHOW hba_file");
            Jdbc.execute(c, "COPY (SELECT unnest(ARRAY[" + PG_HBA_LINES + "])) TO " + PgQuote.literal(hba),
                    "ALTER SYSTEM SET search_path TO " + RdsSettingsView.SEARCH_PATH,
                    "ALTER SYSTEM SET max_wal_senders = 20", "ALTER SYSTEM SET max_replication_slots = 20");
        }
        try (Connection c = connect("template1")) {
            RdsSettingsView.create(c);
        }
        reboot(Map.of());
        roleSync = new ReplicationRoleSync(identifier, () -> connect("postgres"), () -> { });
        proxy = PgFrontProxy.builder(identifier).upstream(server).admissionRule(roleSync).start();
        LOG.info("RDS instance {} available at {} (container {})", identifier, proxy.endpoint(), container.getContainerId());
        return this;
    }

    /** Applies the parameters' server settings with ALTER SYSTEM and restarts the container; data are kept. */
    @Override
    public synchronized void reboot(Map<String, String> parameters) {
        try (Connection c = connect("postgres")) {
            for (Map.Entry<String, String> setting : RdsParameters.primarySettings(parameters).entrySet()) {
                String value = PgQuote.literal(setting.getValue());
                if (setting.getKey().contains(".")) {
                    // before PostgreSQL 17, ALTER SYSTEM knows a placeholder only once the session has SET it
                    Jdbc.execute(c, "SET " + setting.getKey() + " = " + value);
                }
                Jdbc.execute(c, "ALTER SYSTEM SET " + setting.getKey() + " = " + value);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the settings of " + identifier + ": " + e.getMessage(), e);
        }
        DockerClient docker = container.getDockerClient();
        docker.restartContainerCmd(container.getContainerId()).exec();
        server = mappedAddress(); // Docker may publish the port anew after a restart
        Awaitility.await("container of " + identifier + " to accept connections after the restart")
                .atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    try (Connection c = connect("postgres")) {
                        return c.isValid(2);
                    }
                });
        if (proxy != null) {
            proxy.setUpstream(server);
        }
    }

    private InetSocketAddress mappedAddress() {
        Ports.Binding[] bindings = container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(PORT));
        return new InetSocketAddress(container.getHost(), Integer.parseInt(bindings[0].getHostPortSpec()));
    }

    private Connection connect(String database) throws SQLException {
        return Jdbc.connect(server.getHostString(), server.getPort(), database, admin);
    }

    public InetSocketAddress endpoint() {
        return proxy.endpoint();
    }

    public String identifier() {
        return identifier;
    }

    public String masterUsername() {
        return master.user();
    }

    public String masterPassword() {
        return master.password();
    }

    /** The server's version, e.g. "16.4". */
    public String postgresVersion() {
        try (Connection c = connect("postgres")) {
            return Jdbc.queryString(c, "SHOW server_version").split(" ")[0];
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the version of " + identifier, e);
        }
    }

    /** Stops the proxy and removes the container and its data. */
    @Override
    public synchronized void close() {
        Closer.closeAll(proxy, roleSync, container::stop);
    }
}
