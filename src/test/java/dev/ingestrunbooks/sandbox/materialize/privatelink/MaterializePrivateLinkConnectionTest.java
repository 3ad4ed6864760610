package dev.ingestrunbooks.sandbox.materialize.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator;
import dev.ingestrunbooks.sandbox.materialize.JdbcRows;
import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * AWS PRIVATELINK connections of the emulator seen through pgJDBC, with an in-memory PrivateLink network: zone
 * checks, the principal and the guide's lookup, the endpoint requests, the status relations and VALIDATE
 * CONNECTION; plus an emulator without PrivateLink. One emulator per class (each test uses its own names).
 */
class MaterializePrivateLinkConnectionTest {
    private static final String PASSWORD = Credentials.generatePassword();
    private static final String ENVIRONMENT = "20273b7c-2bbe-42b8-8c36-8cc179e9bbc3";
    private static final String SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0356210a8a432d9e9";
    private static final InMemoryPrivateLinkNetwork NETWORK = new InMemoryPrivateLinkNetwork();
    private static MaterializeEmulator mz;

    @BeforeAll
    static void start() {
        mz = new MaterializeEmulator().withPassword(PASSWORD).withPrivateLinkNetwork(NETWORK)
                .withPrivateLinkConfig(PrivateLinkConfig.defaults().withExternalIdPrefix(ENVIRONMENT)).start();
    }

    @AfterAll
    static void stop() {
        if (mz != null) {
            mz.close();
        }
    }

    @Test
    void availabilityZonesMustBeKnownIdsWithoutDuplicates() throws SQLException {
        assertThatThrownBy(() -> mz("CREATE CONNECTION az_name TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE
                + "', AVAILABILITY ZONES ('use1-az2', 'us-east-1a'))"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage())
                            .isEqualTo("invalid AWS PrivateLink availability zone \"us-east-1a\"");
                    assertThat(e.getServerErrorMessage().getHint()).isEqualTo("Did you supply an availability zone"
                            + " name instead of an ID? Known availability zone IDs:\n  use1-az1\n  use1-az2\n"
                            + "  use1-az3\n  use1-az4\n  use1-az5\n  use1-az6");
                });
        assertThatThrownBy(() -> mz("CREATE CONNECTION az_dup TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE
                + "', AVAILABILITY ZONES ('use1-az1', 'use1-az1', 'use1-az2'))"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage())
                            .isEqualTo("connection cannot contain duplicate availability zones");
                    assertThat(e.getServerErrorMessage().getHint()).isEqualTo("Duplicated availability zones:\n"
                            + "  use1-az1");
                });
        assertThatThrownBy(() -> mz("CREATE CONNECTION az_none TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE + "')"))
                .hasMessageContaining("AVAILABILITY ZONES option is required");
        assertThat(rows("SELECT name FROM mz_connections WHERE name LIKE 'az_%'")).isEmpty();

        mz("CREATE CONNECTION cross_region TO AWS PRIVATELINK (SERVICE NAME"
                + " 'com.amazonaws.vpce.eu-west-1.vpce-svc-0e123abc123198abc', AVAILABILITY ZONES ())");
        String id = rows("SELECT id FROM mz_connections WHERE name = 'cross_region'").get(0);
        assertThat(NETWORK.created).contains(new InMemoryPrivateLinkNetwork.Request(id,
                "arn:aws:iam::664411391173:role/mz_" + ENVIRONMENT + "_" + id,
                "com.amazonaws.vpce.eu-west-1.vpce-svc-0e123abc123198abc", List.of()));
    }

    @Test
    void theGuidesLookupShowsThePrincipalAndTheEndpointIsRequested() throws SQLException {
        mz("CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE + "',"
                + " AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az4'))");
        String id = rows("SELECT id FROM mz_connections WHERE name = 'privatelink_svc'").get(0);
        assertThat(rows("SELECT principal FROM mz_aws_privatelink_connections plc JOIN mz_connections c"
                + " ON plc.id = c.id WHERE c.name = 'privatelink_svc';"))
                .containsExactly("arn:aws:iam::664411391173:role/mz_" + ENVIRONMENT + "_" + id);
        assertThat(rows("SELECT type FROM mz_connections WHERE name = 'privatelink_svc'"))
                .containsExactly("aws-privatelink");
        assertThat(NETWORK.created).contains(new InMemoryPrivateLinkNetwork.Request(id,
                "arn:aws:iam::664411391173:role/mz_" + ENVIRONMENT + "_" + id, SERVICE,
                List.of("use1-az1", "use1-az2", "use1-az4")));
    }

    @Test
    void statusChangesAreRecordedAndValidateReadsTheAvailableCondition() throws SQLException {
        mz("CREATE CONNECTION pl_status TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE + "',"
                + " AVAILABILITY ZONES ('use1-az1'))");
        String id = rows("SELECT id FROM mz_connections WHERE name = 'pl_status'").get(0);
        assertThat(rows("SELECT status FROM mz_internal.mz_aws_privatelink_connection_status_history"
                + " WHERE connection_id = '" + id + "'")).containsExactly("unknown");
        assertThat(validate("pl_status")).isEqualTo("58000|Endpoint availability is unknown");

        NETWORK.set(id, EndpointStatus.of("pending-acceptance",
                "The VPC endpoint is waiting for the service owner to accept the connection request."));
        assertThat(rows("SELECT name, status FROM mz_internal.mz_aws_privatelink_connection_statuses"
                + " WHERE id = '" + id + "'")).containsExactly("pl_status|pending-acceptance");
        assertThat(validate("pl_status")).isEqualTo("58000|The VPC endpoint is waiting for the service owner to"
                + " accept the connection request.");

        NETWORK.set(id, EndpointStatus.available());
        assertThat(validate("pl_status")).isEqualTo("ok");
        assertThat(rows("SELECT status FROM mz_internal.mz_aws_privatelink_connection_statuses"
                + " WHERE id = '" + id + "' AND last_status_change_at IS NOT NULL")).containsExactly("available");
        // reading again without a change adds no row
        rows("SELECT * FROM mz_internal.mz_aws_privatelink_connection_statuses");
        assertThat(rows("SELECT status FROM mz_internal.mz_aws_privatelink_connection_status_history"
                + " WHERE connection_id = '" + id + "' ORDER BY occurred_at"))
                .containsExactly("unknown", "pending-acceptance", "available");

        NETWORK.set(id, EndpointStatus.of("rejected", "The service owner rejected the connection request."));
        assertThat(validate("pl_status")).isEqualTo("58000|The service owner rejected the connection request.");
        assertThat(rows("SELECT status FROM mz_internal.mz_aws_privatelink_connection_statuses"
                + " WHERE id = '" + id + "'")).containsExactly("rejected");
    }

    @Test
    void postgresConnectionsMustNameAPrivateLinkConnectionAndNotAlsoATunnel() throws SQLException {
        mz("CREATE CONNECTION pl_ref TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE + "', AVAILABILITY ZONES ())",
                "CREATE CONNECTION ssh_ref TO SSH TUNNEL (HOST 'bastion', USER 'ec2-user')");
        assertThatThrownBy(() -> mz("CREATE CONNECTION pg_wrong TO POSTGRES (HOST 'db', DATABASE 'postgres',"
                + " USER 'materialize', AWS PRIVATELINK ssh_ref) WITH (VALIDATE = false)"))
                .hasMessageContaining("ssh_ref is not an AWS PRIVATELINK connection");
        assertThatThrownBy(() -> mz("CREATE CONNECTION pg_both TO POSTGRES (HOST 'db', DATABASE 'postgres',"
                + " USER 'materialize', AWS PRIVATELINK pl_ref, SSH TUNNEL ssh_ref) WITH (VALIDATE = false)"))
                .hasMessageContaining("cannot specify both SSH TUNNEL and AWS PRIVATELINK");
        assertThatThrownBy(() -> mz("CREATE CONNECTION pg_port TO POSTGRES (HOST 'db', DATABASE 'postgres',"
                + " USER 'materialize', AWS PRIVATELINK pl_ref (PORT 5432)) WITH (VALIDATE = false)"))
                .hasMessageContaining("invalid CONNECTION: POSTGRES does not support PORT for AWS PRIVATELINK");
    }

    @Test
    void droppingNeedsCascadeWhileAPostgresConnectionUsesItAndDeletesTheEndpoint() throws SQLException {
        mz("CREATE CONNECTION pl_drop TO AWS PRIVATELINK (SERVICE NAME '" + SERVICE + "', AVAILABILITY ZONES ())",
                "CREATE CONNECTION pg_drop TO POSTGRES (HOST 'db.example', DATABASE 'postgres', USER 'materialize',"
                        + " AWS PRIVATELINK pl_drop) WITH (VALIDATE = false)");
        String id = rows("SELECT id FROM mz_connections WHERE name = 'pl_drop'").get(0);
        assertThatThrownBy(() -> mz("DROP CONNECTION pl_drop"))
                .hasMessageContaining("cannot drop connection \"pl_drop\": still depended upon by connection"
                        + " \"pg_drop\"");
        assertThat(NETWORK.exists(id)).isTrue();
        mz("DROP CONNECTION pl_drop CASCADE");
        assertThat(NETWORK.deleted).contains(id);
        assertThat(NETWORK.exists(id)).isFalse();
        assertThat(rows("SELECT name FROM mz_connections WHERE name IN ('pl_drop', 'pg_drop')")).isEmpty();
        assertThat(rows("SELECT id FROM mz_aws_privatelink_connections WHERE id = '" + id + "'")).isEmpty();
    }

    @Test
    void withoutPrivateLinkCreatingOneViolatesTheLimit() throws SQLException {
        try (MaterializeEmulator plain = new MaterializeEmulator().withPassword(PASSWORD).start();
                Connection c = DriverManager.getConnection(plain.jdbcUrl(), MaterializeEmulator.USER, PASSWORD);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME '"
                    + SERVICE + "', AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az4'))"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53000");
                        assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("creating AWS PrivateLink"
                                + " Connection would violate max_aws_privatelink_connections limit (desired: 1,"
                                + " limit: 0, current: 0)");
                    });
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM mz_connections")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    private static String validate(String name) {
        try {
            mz("VALIDATE CONNECTION " + name);
            return "ok";
        } catch (PSQLException e) {
            return e.getSQLState() + "|" + e.getServerErrorMessage().getMessage();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static void mz(String... statements) throws SQLException {
        JdbcRows.run(() -> DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD), statements);
    }

    private static List<String> rows(String sql) throws SQLException {
        return JdbcRows.rows(DriverManager.getConnection(mz.jdbcUrl(), MaterializeEmulator.USER, PASSWORD), sql);
    }
}
