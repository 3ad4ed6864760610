package dev.ingestrunbooks.sandbox.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCatalogTest {

    private final ParameterCatalog catalog = ParameterCatalog.load();

    @Test
    void logicalReplicationIsAStaticBooleanOffByDefault() {
        ParameterDefinition d = catalog.definitions(GroupKind.DB, new ParameterFamily("postgres", 16))
                .get("rds.logical_replication");

        assertThat(d.isStatic()).isTrue();
        assertThat(d.dataType()).isEqualTo("boolean");
        assertThat(d.allowedValues()).isEqualTo("0,1");
        assertThat(d.defaultValue()).isEqualTo("0");
        assertThat(d.modifiable()).isTrue();
    }

    @Test
    void forAuroraLogicalReplicationIsAClusterParameterOnly() {
        ParameterFamily apg = new ParameterFamily("aurora-postgresql", 16);

        assertThat(catalog.definitions(GroupKind.CLUSTER, apg)).containsKeys("rds.logical_replication",
                "max_replication_slots", "max_wal_senders", "rds.force_ssl");
        assertThat(catalog.definitions(GroupKind.DB, apg)).doesNotContainKey("rds.logical_replication")
                .containsKeys("work_mem", "log_min_duration_statement", "shared_preload_libraries");
    }

    @Test
    void everyFamilyHasMoreThanOnePageOfRowsSortedByName() {
        for (ParameterFamily f : ParameterFamily.all()) {
            for (GroupKind kind : GroupKind.values()) {
                Map<String, ParameterDefinition> defs = catalog.definitions(kind, f);
                assertThat(defs).as("%s %s", kind, f).hasSizeGreaterThan(150);
                assertThat(new java.util.ArrayList<>(defs.keySet())).isSorted();
            }
        }
    }

    @Test
    void forceSslDefaultsOnFromPostgres15() {
        assertThat(catalog.definitions(GroupKind.DB, new ParameterFamily("postgres", 14)).get("rds.force_ssl")
                .defaultValue()).isEqualTo("0");
        assertThat(catalog.definitions(GroupKind.DB, new ParameterFamily("postgres", 15)).get("rds.force_ssl")
                .defaultValue()).isEqualTo("1");
    }

    @Test
    void rangesAndListsAreChecked() {
        Map<String, ParameterDefinition> defs = catalog.definitions(GroupKind.DB, new ParameterFamily("postgres", 16));

        assertThat(defs.get("max_replication_slots").rejection("10")).isNull();
        assertThat(defs.get("max_replication_slots").rejection("1")).contains("5-262143");
        assertThat(defs.get("log_min_duration_statement").rejection("-1")).isNull();
        assertThat(defs.get("shared_preload_libraries").rejection("pg_stat_statements,pglogical")).isNull();
        assertThat(defs.get("shared_preload_libraries").rejection("evil_lib")).isNotNull();
        assertThat(defs.get("search_path").rejection("anything, goes")).isNull();
    }
}
