package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DescribeDbParametersResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Parameter;

/** DescribeDB(Cluster)Parameters pages through the full default set with Marker, as Prowler and Terratest do. */
class RdsParameterPagingTest {

    private static AwsEmulator aws;
    private static RdsClient rds;

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start();
        rds = aws.rdsClient();
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("paged").dbParameterGroupFamily("postgres16")
                .description("d"));
        rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("paged").parameters(Parameter.builder()
                .parameterName("rds.force_ssl").parameterValue("0").applyMethod(ApplyMethod.IMMEDIATE).build()));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void thePaginatorWalksEveryPageOnce() {
        List<DescribeDbParametersResponse> pages = rds.describeDBParametersPaginator(r -> r
                .dbParameterGroupName("paged").maxRecords(20)).stream().toList();
        List<String> names = pages.stream().flatMap(p -> p.parameters().stream()).map(Parameter::parameterName).toList();

        assertThat(pages.size()).isGreaterThan(5);
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> {
            assertThat(p.parameters()).hasSize(20);
            assertThat(p.marker()).isNotBlank();
        });
        assertThat(pages.get(pages.size() - 1).marker()).isNull();
        assertThat(names).doesNotHaveDuplicates().isSorted().hasSizeGreaterThan(150)
                .contains("rds.logical_replication", "max_replication_slots", "max_wal_senders", "rds.force_ssl",
                        "shared_preload_libraries", "work_mem", "log_min_duration_statement");
    }

    @Test
    void theDefaultPageIsOneHundredRows() {
        DescribeDbParametersResponse first = rds.describeDBParameters(r -> r.dbParameterGroupName("default.postgres16"));

        assertThat(first.parameters()).hasSize(100);
        assertThat(first.marker()).isNotBlank();
    }

    @Test
    void engineDefaultRowsCarryTheirMetadataAndUnsetRowsNoValue() {
        List<Parameter> rows = rds.describeDBParameters(r -> r.dbParameterGroupName("default.postgres16")
                .filters(Filter.builder().name("parameter-name").values("rds.logical_replication", "work_mem").build()))
                .parameters();

        assertThat(rows).extracting(Parameter::parameterName).containsExactly("rds.logical_replication", "work_mem");
        assertThat(rows.get(0)).satisfies(p -> {
                    assertThat(p.parameterValue()).isEqualTo("0");
                    assertThat(p.source()).isEqualTo("engine-default");
                    assertThat(p.applyType()).isEqualTo("static");
                    assertThat(p.dataType()).isEqualTo("boolean");
                    assertThat(p.allowedValues()).isEqualTo("0,1");
                    assertThat(p.applyMethod()).isEqualTo(ApplyMethod.PENDING_REBOOT);
                });
        assertThat(rows.get(1)).satisfies(p -> {
            assertThat(p.parameterValue()).as("unset row has no value").isNull();
            assertThat(p.applyType()).isEqualTo("dynamic");
            assertThat(p.applyMethod()).isEqualTo(ApplyMethod.IMMEDIATE);
        });
    }

    @Test
    void theSourceFilterSelectsUserRows() {
        List<Parameter> user = rds.describeDBParametersPaginator(r -> r.dbParameterGroupName("paged").source("user"))
                .parameters().stream().toList();

        assertThat(user).extracting(Parameter::parameterName).containsExactly("rds.force_ssl");
        assertThat(user.get(0).parameterValue()).isEqualTo("0");
    }

    @Test
    void clusterParametersPageToo() {
        List<Parameter> all = rds.describeDBClusterParametersPaginator(r -> r
                .dbClusterParameterGroupName("default.aurora-postgresql16").maxRecords(50)).parameters().stream().toList();

        assertThat(all).hasSizeGreaterThan(150).extracting(Parameter::parameterName)
                .contains("rds.logical_replication").doesNotHaveDuplicates();
    }
}
