package dev.ingestrunbooks.sandbox.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** Tags given at CreateTargetGroup, read back with DescribeTags, gone with the group; bad tags create nothing. */
class Elbv2TagsTest {
    private AwsEmulator aws;
    private ElasticLoadBalancingV2Client elb;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start();
        elb = aws.elbv2Client();
    }

    @AfterEach
    void stop() {
        elb.close();
        aws.close();
    }

    @Test
    void tagsGivenAtCreationAreDescribedAndGoWithTheResource() {
        String vpc = aws.ec2Backend().defaultVpc().id();
        String arn = elb.createTargetGroup(r -> r.name("tagged").targetType("ip").protocol("TCP").port(5432)
                .vpcId(vpc).tags(Tag.builder().key("ingest-runbooks:run").value("run-1").build()))
                .targetGroups().get(0).targetGroupArn();

        assertThat(elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions()).singleElement().satisfies(d -> {
            assertThat(d.resourceArn()).isEqualTo(arn);
            assertThat(d.tags()).containsExactly(Tag.builder().key("ingest-runbooks:run").value("run-1").build());
        });

        elb.deleteTargetGroup(r -> r.targetGroupArn(arn));
        assertThatThrownBy(() -> elb.describeTags(r -> r.resourceArns(arn)))
                .isInstanceOf(TargetGroupNotFoundException.class);
    }

    @Test
    void aReservedTagKeyIsRefusedBeforeAnythingIsCreated() {
        String vpc = aws.ec2Backend().defaultVpc().id();
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("reserved").targetType("ip").protocol("TCP")
                .port(5432).vpcId(vpc).tags(Tag.builder().key("aws:x").value("y").build())))
                .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
    }
}
