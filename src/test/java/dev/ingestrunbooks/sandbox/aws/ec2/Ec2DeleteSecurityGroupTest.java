package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.aws.rds.DbInstanceSpec;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The emulator actions a clean-up needs, through the real SDK: DeleteSecurityGroup with AWS's refusals, tags given
 * at CreateSecurityGroup, and DeleteDB(Cluster)ParameterGroup refused while a database uses the group.
 */
class Ec2DeleteSecurityGroupTest {
    private AwsEmulator aws;
    private Ec2Client ec2;
    private RdsClient rds;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start("us-east-1", RdsBackend.Timings.defaults(),
                new Ec2Backend.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2)));
        ec2 = aws.ec2Client();
        rds = aws.rdsClient();
    }

    @AfterEach
    void stop() {
        ec2.close();
        aws.close();
    }

    private String group(String name) {
        return ec2.createSecurityGroup(r -> r.groupName(name).description(name)).groupId();
    }

    private static String code(Throwable e) {
        return ((Ec2Exception) e).awsErrorDetails().errorCode();
    }

    @Test
    void aGroupAnotherGroupsRuleNamesCannotBeDeletedUntilTheRuleIsRevoked() {
        String bastion = group("bastion");
        String db = group("db");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432)
                .toPort(5432).userIdGroupPairs(g -> g.groupId(bastion))));

        assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId(bastion)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("DependencyViolation"))
                .hasMessageContaining("resource " + bastion + " has a dependent object");

        ec2.revokeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432)
                .toPort(5432).userIdGroupPairs(g -> g.groupId(bastion))));
        ec2.deleteSecurityGroup(r -> r.groupId(bastion));
        assertThatThrownBy(() -> ec2.describeSecurityGroups(r -> r.groupIds(bastion)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(db)).securityGroups()).hasSize(1);
    }

    @Test
    void aGroupWhoseOwnRulesNameItselfGoesWithThem() {
        String self = group("self");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(self).ipPermissions(p -> p.ipProtocol("tcp").fromPort(1)
                .toPort(1).userIdGroupPairs(g -> g.groupId(self))));
        ec2.deleteSecurityGroup(r -> r.groupName("self"));
        assertThat(ec2.describeSecurityGroups().securityGroups()).extracting(g -> g.groupId()).doesNotContain(self);
    }

    @Test
    void aGroupAnInstanceUsesCanBeDeletedOnlyOnceTheInstanceIsTerminated() {
        String g = group("bastion");
        String id = ec2.runInstances(r -> r.imageId("ami-0c02fb55956c7d316").instanceType("t3.micro").minCount(1)
                .maxCount(1).securityGroupIds(g)).instances().get(0).instanceId();
        assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId(g)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("DependencyViolation"));

        ec2.terminateInstances(r -> r.instanceIds(id));
        await().atMost(Duration.ofSeconds(5)).until(() -> ec2.describeInstances(r -> r.instanceIds(id))
                .reservations().get(0).instances().get(0).state().name() == InstanceStateName.TERMINATED);
        ec2.deleteSecurityGroup(r -> r.groupId(g));
    }

    @Test
    void theDefaultGroupCannotBeDeletedAndAnUnknownOneIsNotFound() {
        String dflt = ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values("default")
                .build())).securityGroups().get(0).groupId();
        assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId(dflt)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("CannotDelete"))
                .hasMessageContaining("cannot be deleted by a user");
        assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId("sg-0123456789abcdef0")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
    }

    @Test
    void tagsGivenAtCreationAreDescribedAndFilterable() {
        String tagged = ec2.createSecurityGroup(r -> r.groupName("tagged").description("t")
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                        .tags(x -> x.key("ingest-runbooks:run").value("run-1")))).groupId();
        group("untagged");
        var found = ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:ingest-runbooks:run")
                .values("run-1").build())).securityGroups();
        assertThat(found).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(tagged);
            assertThat(g.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("run-1"));
        });
    }

    @Test
    void aParameterGroupADatabaseUsesCannotBeDeleted() {
        aws.rdsBackend().registerInstance(DbInstanceSpec.rds("db1", "16.4", "127.0.0.1", 45432, new dev.ingestrunbooks.sandbox.aws.FakeDbEngine()));
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("used").dbParameterGroupFamily("postgres16")
                .description("d"));
        rds.createDBParameterGroup(r -> r.dbParameterGroupName("unused").dbParameterGroupFamily("postgres16")
                .description("d"));
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("db1").dbParameterGroupName("used").applyImmediately(true));

        assertThatThrownBy(() -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName("used")))
                .isInstanceOf(InvalidDbParameterGroupStateException.class)
                .hasMessageContaining("One or more database instances are still members of this parameter group used");
        assertThatThrownBy(() -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName("default.postgres16")))
                .isInstanceOf(InvalidDbParameterGroupStateException.class)
                .hasMessageContaining("Default DBParameterGroup cannot be deleted: default.postgres16");

        rds.deleteDBParameterGroup(r -> r.dbParameterGroupName("unused"));
        assertThatThrownBy(() -> rds.describeDBParameterGroups(r -> r.dbParameterGroupName("unused")))
                .isInstanceOf(DbParameterGroupNotFoundException.class);
        assertThatThrownBy(() -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName("unused")))
                .isInstanceOf(DbParameterGroupNotFoundException.class);
    }

    @Test
    void anUnusedClusterParameterGroupCanBeDeleted() {
        rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("cluster-pg")
                .dbParameterGroupFamily("aurora-postgresql16").description("d"));
        rds.deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("cluster-pg"));
        assertThat(rds.describeDBClusterParameterGroups().dbClusterParameterGroups())
                .noneMatch(g -> g.dbClusterParameterGroupName().equals("cluster-pg"));
    }
}
