package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionPlannerTest {

    private static PlannedConnection plan(String sql) {
        return ConnectionPlanner.plan((MzStatement.CreateConnection) MzParser.parse(sql));
    }

    @Test
    void guidePostgresConnection() {
        PlannedConnection p = plan("CREATE CONNECTION pg_connection TO POSTGRES (HOST '<host>', PORT 5432, "
                + "USER 'materialize', PASSWORD SECRET pgpass, SSL MODE 'require', DATABASE '<database>')");
        assertThat(p.kind()).isEqualTo(ConnectionKind.POSTGRES);
        assertThat(p.options()).isEqualTo(Map.of("HOST", "<host>", "PORT", "5432", "USER", "materialize",
                "SSL MODE", "require", "DATABASE", "<database>"));
        assertThat(p.secretOptions()).isEqualTo(Map.of("PASSWORD", "pgpass"));
        assertThat(p.secretRefs()).containsExactly("pgpass");
        assertThat(p.validate()).isTrue();
    }

    @Test
    void postgresViaPrivateLinkAndSshDefaults() {
        PlannedConnection p = plan("CREATE CONNECTION pg TO POSTGRES (HOST 'h', USER materialize, "
                + "PASSWORD SECRET pgpass, DATABASE 'd', AWS PRIVATELINK privatelink_svc) WITH (VALIDATE = false)");
        assertThat(p.options()).containsEntry("PORT", "5432").containsEntry("SSL MODE", "disable")
                .containsEntry("USER", "materialize");
        assertThat(p.connectionRefs()).containsExactly("privatelink_svc");
        assertThat(p.validate()).isFalse();
        assertThat(plan("CREATE CONNECTION pg TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', "
                + "SSH TUNNEL ssh_connection)").connectionRefs()).containsExactly("ssh_connection");
    }

    @Test
    void privateLinkAndSshConnections() {
        PlannedConnection pl = plan("CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME "
                + "'com.amazonaws.vpce.us-east-1.vpce-svc-1', AVAILABILITY ZONES ('use1-az1', 'use1-az2'))");
        assertThat(pl.options()).containsEntry("AVAILABILITY ZONES", "use1-az1,use1-az2");
        assertThat(pl.validate()).isFalse();
        assertThat(plan("CREATE CONNECTION p TO AWS PRIVATELINK (SERVICE NAME 'x', AVAILABILITY ZONES ())")
                .options()).containsEntry("AVAILABILITY ZONES", "");
        PlannedConnection ssh = plan("CREATE CONNECTION ssh_connection TO SSH TUNNEL (HOST 'b', USER 'ec2-user')");
        assertThat(ssh.options()).isEqualTo(Map.of("HOST", "b", "USER", "ec2-user", "PORT", "22"));
        assertThat(ssh.connectionRefs()).isEqualTo(List.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', BROKER 'b')|POSTGRES connections do not support BROKER values",
        "CREATE CONNECTION c TO POSTGRES (USER 'u', DATABASE 'd')|HOST option is required",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u')|DATABASE option is required",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', DATABASE 'd')|USER option is required",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSL MODE 'prefer')|invalid CONNECTION: unknown SSL MODE \"prefer\"",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSL KEY SECRET k)|invalid CONNECTION: both SSL KEY and SSL CERTIFICATE are required",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', PASSWORD 'plain')|invalid PASSWORD option value: must provide a secret value",
        "CREATE CONNECTION c TO SSH TUNNEL (HOST 'h', USER SECRET u)|SSH connections do not support supplying USER value as SECRET",
        "CREATE CONNECTION c TO SSH TUNNEL (USER 'u')|HOST option is required",
        "CREATE CONNECTION c TO SSH TUNNEL (HOST 'h', DATABASE 'd')|SSH TUNNEL connections do not support DATABASE values",
        "CREATE CONNECTION c TO AWS PRIVATELINK (AVAILABILITY ZONES ('a'))|SERVICE NAME option is required",
        "CREATE CONNECTION c TO AWS PRIVATELINK (SERVICE NAME 's')|AVAILABILITY ZONES option is required",
        "CREATE CONNECTION c TO AWS PRIVATELINK (SERVICE NAME 's', AVAILABILITY ZONES ('a', 'b', 'a'))|connection cannot contain duplicate availability zones",
        "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', AWS PRIVATELINK pl (PORT 5432))|invalid CONNECTION: POSTGRES does not support PORT for AWS PRIVATELINK",
    })
    void planningErrors(String sql, String message) {
        assertThatThrownBy(() -> plan(sql)).isInstanceOf(MzException.class).hasMessage(message);
    }

    @Test
    void sslModeSpellingsAreNormalized() {
        String base = "CREATE CONNECTION c TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSL MODE '%s')";
        assertThat(plan(base.formatted("required")).options()).containsEntry("SSL MODE", "require");
        assertThat(plan(base.formatted("verify-ca")).options()).containsEntry("SSL MODE", "verify_ca");
        assertThat(plan(base.formatted("verify-full")).options()).containsEntry("SSL MODE", "verify_full");
    }
}
