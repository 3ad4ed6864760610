package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdsSettingsViewTest {

    @Test
    void viewTypesEveryColumnOfTheServersPgSettings() {
        String sql = RdsSettingsView.viewSql(List.of(new RdsSettingsView.Column("name", "text"),
                new RdsSettingsView.Column("setting", "text"), new RdsSettingsView.Column("enumvals", "text[]"),
                new RdsSettingsView.Column("pending_restart", "boolean")));

        assertThat(sql).isEqualTo("CREATE VIEW rds_catalog.pg_settings AS SELECT * FROM pg_catalog.pg_settings"
                + " UNION ALL SELECT CAST('rds.logical_replication' AS text) AS \"name\","
                + " CAST(current_setting('rds.logical_replication', true) AS text) AS \"setting\","
                + " CAST(NULL AS text[]) AS \"enumvals\", CAST(false AS boolean) AS \"pending_restart\""
                + " WHERE current_setting('rds.logical_replication', true) IS NOT NULL");
    }

    @Test
    void logicalReplicationParameterMapsToWalLevelAsOnRds() {
        assertThat(RdsParameters.primarySettings(Map.of("rds.logical_replication", "1")))
                .containsEntry("wal_level", "logical").containsEntry("rds.logical_replication", "on");
        assertThat(RdsParameters.primarySettings(Map.of("rds.logical_replication", "0")))
                .containsEntry("wal_level", "replica").containsEntry("rds.logical_replication", "off");
        assertThat(RdsParameters.primarySettings(Map.of())).containsEntry("wal_level", "replica");
        assertThat(RdsParameters.readerSettings(Map.of("rds.logical_replication", "1")))
                .containsEntry("wal_level", "replica").containsEntry("rds.logical_replication", "on");
    }
}
