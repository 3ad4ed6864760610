package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.AlterClusterSet;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ConnectionType;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateCluster;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateConnection;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateSecret;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.DropObjects;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ObjectType;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.SetCluster;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ValidateConnection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guide statements of docs/materialize.md §1.4, §1.6 and §1.9 (secrets, connections, clusters) parsed into records. */
class MzParserTest {

    private static OptionValue text(String s) {
        return new OptionValue.Text(s);
    }

    private static OptionValue ident(String s) {
        return new OptionValue.Ident(QualifiedName.of(s));
    }

    @Test
    void createSecretKeepsTheValueButNeverPrintsIt() {
        MzStatement s = MzParser.parse("CREATE SECRET pgpass AS '<PASSWORD>';");
        assertThat(s).isEqualTo(new CreateSecret(false, QualifiedName.of("pgpass"), "<PASSWORD>"));
        assertThat(s.toString()).doesNotContain("PASSWORD").contains("pgpass").contains("<redacted>");
        assertThat(MzParser.parse("create secret if not exists s as E'a\\tb'"))
                .isEqualTo(new CreateSecret(true, QualifiedName.of("s"), "a\tb"));
    }

    @Test
    void createPostgresConnectionFromTheGuide() {
        MzStatement s = MzParser.parse("""
                CREATE CONNECTION pg_connection TO POSTGRES (
                  HOST '<host>',
                  PORT 5432,
                  USER 'materialize',
                  PASSWORD SECRET pgpass,
                  SSL MODE 'require',
                  DATABASE '<database>'
                  );""");
        assertThat(s).isEqualTo(new CreateConnection(false, QualifiedName.of("pg_connection"),
                ConnectionType.POSTGRES, List.of(
                        new MzOption("HOST", text("<host>")),
                        new MzOption("PORT", new OptionValue.Number("5432")),
                        new MzOption("USER", text("materialize")),
                        new MzOption("PASSWORD", new OptionValue.SecretRef(QualifiedName.of("pgpass"))),
                        new MzOption("SSL MODE", text("require")),
                        new MzOption("DATABASE", text("<database>"))), List.of()));
    }

    @Test
    void postgresConnectionViaPrivateLinkOrSshWithEqualsAndUnquotedUser() {
        CreateConnection pl = (CreateConnection) MzParser.parse("CREATE CONNECTION pg TO POSTGRES (HOST 'h', "
                + "PORT = 5432, USER materialize, PASSWORD SECRET pgpass, DATABASE 'd', "
                + "AWS PRIVATELINK privatelink_svc) WITH (VALIDATE = false)");
        assertThat(pl.options()).contains(new MzOption("USER", ident("materialize")),
                new MzOption("AWS PRIVATELINK", new OptionValue.ConnectionRef(QualifiedName.of("privatelink_svc"),
                        List.of())));
        assertThat(pl.with()).containsExactly(new MzOption("VALIDATE", ident("false")));
        CreateConnection ssh = (CreateConnection) MzParser.parse("CREATE CONNECTION pg TO POSTGRES (HOST 'h', "
                + "SSH TUNNEL ssh_connection, SSL CERTIFICATE AUTHORITY = SECRET ca, SSL MODE = 'verify-full')");
        assertThat(ssh.options()).containsExactly(new MzOption("HOST", text("h")),
                new MzOption("SSH TUNNEL", new OptionValue.ConnectionRef(QualifiedName.of("ssh_connection"),
                        List.of())),
                new MzOption("SSL CERTIFICATE AUTHORITY", new OptionValue.SecretRef(QualifiedName.of("ca"))),
                new MzOption("SSL MODE", text("verify-full")));
    }

    @Test
    void createPrivateLinkConnectionFromTheGuide() {
        CreateConnection c = (CreateConnection) MzParser.parse("""
                CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
                  SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0123',
                  AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az4')
                );""");
        assertThat(c.type()).isEqualTo(ConnectionType.AWS_PRIVATELINK);
        assertThat(c.options().get(0)).isEqualTo(new MzOption("SERVICE NAME",
                text("com.amazonaws.vpce.us-east-1.vpce-svc-0123")));
        assertThat(((OptionValue.ListOf) c.options().get(1).value()).texts())
                .containsExactly("use1-az1", "use1-az2", "use1-az4");
        CreateConnection crossRegion = (CreateConnection) MzParser.parse(
                "CREATE CONNECTION p TO AWS PRIVATELINK (SERVICE NAME 'x', AVAILABILITY ZONES ())");
        assertThat(crossRegion.options().get(1).value()).isEqualTo(new OptionValue.ListOf(List.of()));
    }

    @Test
    void createSshTunnelConnectionFromTheGuide() {
        CreateConnection c = (CreateConnection) MzParser.parse("""
                CREATE CONNECTION ssh_connection TO SSH TUNNEL (
                    HOST 'bastion.example.com',
                    PORT 22,
                    USER 'ec2-user'
                );""");
        assertThat(c.type()).isEqualTo(ConnectionType.SSH_TUNNEL);
        assertThat(c.options()).extracting(MzOption::name).containsExactly("HOST", "PORT", "USER");
    }

    @Test
    void validateConnection() {
        assertThat(MzParser.parse("VALIDATE CONNECTION privatelink_svc;"))
                .isEqualTo(new ValidateConnection(QualifiedName.of("privatelink_svc")));
    }

    @Test
    void clusterStatementsOfAllGuideVersions() {
        assertThat(MzParser.parse("CREATE CLUSTER ingest_postgres (SIZE = '50cc');")).isEqualTo(
                new CreateCluster("ingest_postgres", List.of(new MzOption("SIZE", text("50cc")))));
        assertThat(MzParser.parse("CREATE CLUSTER cdc_cluster SIZE '200cc', REPLICATION FACTOR 0")).isEqualTo(
                new CreateCluster("cdc_cluster", List.of(new MzOption("SIZE", text("200cc")),
                        new MzOption("REPLICATION FACTOR", new OptionValue.Number("0")))));
        assertThat(MzParser.parse("ALTER CLUSTER ingest_postgres SET (SIZE '100cc');")).isEqualTo(
                new AlterClusterSet(false, "ingest_postgres", List.of(new MzOption("SIZE", text("100cc")))));
        assertThat(MzParser.parse("ALTER CLUSTER ingest_postgres SET (SIZE 'xsmall')")).isEqualTo(
                new AlterClusterSet(false, "ingest_postgres", List.of(new MzOption("SIZE", text("xsmall")))));
    }

    @Test
    void setClusterInEveryForm() {
        SetCluster expected = new SetCluster("ingest_postgres");
        assertThat(MzParser.parse("SET CLUSTER = ingest_postgres;")).isEqualTo(expected);
        assertThat(MzParser.parse("set cluster to 'ingest_postgres'")).isEqualTo(expected);
        assertThat(MzParser.parse("SET SESSION CLUSTER TO \"ingest_postgres\"")).isEqualTo(expected);
    }

    @Test
    void dropStatements() {
        assertThat(MzParser.parse("DROP SOURCE IF EXISTS mz_source, t1 CASCADE")).isEqualTo(new DropObjects(
                ObjectType.SOURCE, true, List.of(QualifiedName.of("mz_source"), QualifiedName.of("t1")), true));
        assertThat(MzParser.parse("DROP CONNECTION materialize.public.pg_connection RESTRICT")).isEqualTo(
                new DropObjects(ObjectType.CONNECTION, false,
                        List.of(QualifiedName.of("materialize", "public", "pg_connection")), false));
        assertThat(MzParser.parse("DROP SECRET pgpass")).isEqualTo(
                new DropObjects(ObjectType.SECRET, false, List.of(QualifiedName.of("pgpass")), false));
        assertThat(MzParser.parse("DROP CLUSTER ingest_postgres CASCADE")).isEqualTo(
                new DropObjects(ObjectType.CLUSTER, false, List.of(QualifiedName.of("ingest_postgres")), true));
    }

    @Test
    void alterSecretHidesTheNewValue() {
        MzStatement s = MzParser.parse("ALTER SECRET IF EXISTS pgpass AS 'n3w'");
        assertThat(s).isEqualTo(new MzStatement.AlterSecret(true, QualifiedName.of("pgpass"), "n3w"));
        assertThat(s.toString()).doesNotContain("n3w");
    }
}
