package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.rds.DbClusterSpec;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Each modeled error reaches the SDK as its typed exception, with AWS's code, status and message. */
class RdsErrorCodesTest {

    private final FakeDbEngine engine = new FakeDbEngine();
    private AwsEmulator aws;
    private RdsClient rds;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start("us-east-1",
                new RdsBackend.Timings(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(10)));
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("mz-rds", "16.4", "127.0.0.1", 45432, engine));
        aws.rdsBackend().registerCluster(DbClusterSpec.aurora("mz-aurora", "16.4", "127.0.0.1", "127.0.0.1", 45440));
        rds = aws.rdsClient();
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16").dbParameterGroupFamily("postgres16")
                .description("d"));
    }

    @AfterEach
    void stop() {
        engine.release();
        aws.close();
    }

    @Test
    void notFoundErrorsAre404WithTheirModeledCodes() {
        expect(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("nope")), DbInstanceNotFoundException.class,
                "DBInstanceNotFound", 404, "DBInstance nope not found.");
        expect(() -> rds.describeDBClusters(r -> r.dbClusterIdentifier("nope")), DbClusterNotFoundException.class,
                "DBClusterNotFoundFault", 404, "DBCluster nope not found.");
        expect(() -> rds.describeDBParameters(r -> r.dbParameterGroupName("nope")),
                DbParameterGroupNotFoundException.class, "DBParameterGroupNotFound", 404, "DBParameterGroup not found: nope");
        expect(() -> rds.describeDBClusterParameters(r -> r.dbClusterParameterGroupName("nope")),
                DbParameterGroupNotFoundException.class, "DBParameterGroupNotFound", 404, null);
        expect(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier("mz-aurora").dbClusterParameterGroupName("nope")),
                DbClusterParameterGroupNotFoundException.class, "DBClusterParameterGroupNotFound", 404, null);
        expect(() -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier("nope")), DbInstanceNotFoundException.class,
                "DBInstanceNotFound", 404, null);
    }

    @Test
    void creatingAGroupTwiceIsAlreadyExists() {
        expect(() -> rds.createDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16")
                        .dbParameterGroupFamily("postgres16").description("d")),
                DbParameterGroupAlreadyExistsException.class, "DBParameterGroupAlreadyExists", 400, null);
    }

    @Test
    void immediateOnAStaticParameterIsInvalidParameterCombination() {
        expect(() -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16").parameters(
                        param("work_mem", "8192", ApplyMethod.IMMEDIATE),
                        param("rds.logical_replication", "1", ApplyMethod.IMMEDIATE))),
                RdsException.class, "InvalidParameterCombination", 400,
                "cannot use immediate apply method for static parameter");
        assertThat(rds.describeDBParameters(r -> r.dbParameterGroupName("mz-pg16").source("user")).parameters())
                .as("the whole batch was rejected").isEmpty();
    }

    @Test
    void invalidParameterValues() {
        expect(() -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16")
                        .parameters(param("character_set_server", "utf8", ApplyMethod.PENDING_REBOOT))),
                RdsException.class, "InvalidParameterValue", 400, "Could not find parameter with name: character_set_server");
        expect(() -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("default.postgres16")
                        .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT))),
                RdsException.class, "InvalidParameterValue", 400, "Cannot modify a default parameter group.");
        List<Parameter> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(param("work_mem", Integer.toString(4096 + i), ApplyMethod.IMMEDIATE));
        }
        expect(() -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16").parameters(many)),
                RdsException.class, "InvalidParameterValue", 400, null);
        expect(() -> rds.describeDBParameters(r -> r.dbParameterGroupName("mz-pg16").maxRecords(5)),
                RdsException.class, "InvalidParameterValue", 400, null);
        expect(() -> rds.describeDBParameters(r -> r.dbParameterGroupName("mz-pg16").source("admin")),
                RdsException.class, "InvalidParameterValue", 400, null);
        expect(() -> rds.describeDBParameters(r -> r.dbParameterGroupName("mz-pg16")
                        .filters(Filter.builder().name("apply-type").values("static").build())),
                RdsException.class, "InvalidParameterValue", 400, null);
        expect(() -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName("mz-pg16").parameters(
                        Parameter.builder().parameterName("work_mem").parameterValue("1024").applyMethod("later").build())),
                RdsException.class, "InvalidParameterValue", 400, null);
    }

    @Test
    void aGroupOfTheWrongFamilyOrKindIsInvalidParameterCombination() {
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("pg15").dbParameterGroupFamily("postgres15")
                .description("d"));
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("apg16-db").dbParameterGroupFamily("aurora-postgresql16")
                .description("d"));

        expect(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("mz-rds").dbParameterGroupName("pg15")),
                RdsException.class, "InvalidParameterCombination", 400, null);
        expect(() -> rds.modifyDBCluster(r -> r.dbClusterIdentifier("mz-aurora").dbClusterParameterGroupName("apg16-db")),
                RdsException.class, "InvalidParameterCombination", 400, null);
    }

    @Test
    void aBusyInstanceIsInvalidDbInstanceState() {
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("mz-rds").dbParameterGroupName("mz-pg16"));

        expect(() -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier("mz-rds")), InvalidDbInstanceStateException.class,
                "InvalidDBInstanceState", 400, null);
        expect(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("mz-rds").dbParameterGroupName("mz-pg16")),
                InvalidDbInstanceStateException.class, "InvalidDBInstanceState", 400, null);
    }

    @Test
    void aMissingRequiredMemberIsMissingParameter() {
        expect(() -> rds.createDBParameterGroup(r -> r.dbParameterGroupName("x").dbParameterGroupFamily("postgres16")),
                RdsException.class, "MissingParameter", 400, "The request must contain the parameter Description");
    }

    private static Parameter param(String name, String value, ApplyMethod method) {
        return Parameter.builder().parameterName(name).parameterValue(value).applyMethod(method).build();
    }

    private static void expect(Executable call, Class<? extends RdsException> type, String code, int status,
            String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(type, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.requestId()).isNotBlank();
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }
}
