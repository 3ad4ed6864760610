package dev.ingestrunbooks.drivers.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Options read out of create_sql, as Materialize renders it and as the sandbox does. */
class ConnectionSqlTest {

    @Test
    void readsMaterializesRendering() {
        ConnectionSql sql = new ConnectionSql("CREATE CONNECTION \"materialize\".\"public\".\"pg_connection\" TO POSTGRES"
                + " (DATABASE = 'postgres', HOST = 'db.example.com', PASSWORD = SECRET \"materialize\".\"public\".\"pgpass\","
                + " PORT = 5432, SSH TUNNEL = \"materialize\".\"public\".\"ssh_connection\", USER = 'materialize')");
        assertThat(sql.literal("HOST")).contains("db.example.com");
        assertThat(sql.number("PORT")).contains(5432);
        assertThat(sql.connectionName("SSH TUNNEL")).contains("ssh_connection");
        assertThat(sql.connectionName("AWS PRIVATELINK")).isEmpty();
    }

    @Test
    void readsQuotedValuesAndIgnoresOptionNamesInsideValues() {
        ConnectionSql sql = new ConnectionSql("CREATE CONNECTION \"materialize\".\"public\".\"ssh\" TO SSH TUNNEL"
                + " (HOST = '127.201.0.1', PORT = '40123', USER = 'ec2-user')");
        assertThat(sql.literal("HOST")).contains("127.201.0.1");
        assertThat(sql.number("PORT")).contains(40123);
        assertThat(sql.literal("USER")).contains("ec2-user");
        assertThat(new ConnectionSql("CREATE CONNECTION x TO POSTGRES (HOST = 'it''s', SSH TUNNEL = 'ssh_b')")
                .connectionName("SSH TUNNEL")).contains("ssh_b");
        assertThat(new ConnectionSql("CREATE CONNECTION x TO POSTGRES (USER = 'PORT = 1', HOST = 'h')")
                .number("PORT")).isEmpty();
    }
}
