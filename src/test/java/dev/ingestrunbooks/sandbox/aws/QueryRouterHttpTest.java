package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Raw HTTP against the router: unknown actions and services are 400s (never 5xx), and are not retried. */
class QueryRouterHttpTest {

    private static final String RDS_AUTH = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/rds/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000";
    private static AwsEmulator aws;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void anUnknownActionIsInvalidActionWithHttp400() throws Exception {
        long before = aws.requestCount();

        HttpResponse<String> r = post("Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=x", RDS_AUTH);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(r.body()).startsWith("<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error>"
                + "<Type>Sender</Type><Code>InvalidAction</Code>").contains("CreateDBInstance").contains("<RequestId>");
        assertThat(aws.requestCount() - before).isEqualTo(1);
    }

    @Test
    void theVersionParameterRoutesWhenThereIsNoSignature() throws Exception {
        HttpResponse<String> r = post("Action=DescribeDBClusters&Version=2014-10-31", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeDBClustersResult>").endsWith("</RequestId></ResponseMetadata></DescribeDBClustersResponse>");
    }

    @Test
    void aServiceThatIsNotEmulatedIsInvalidAction() throws Exception {
        HttpResponse<String> bySignature = post("Action=ListQueues&Version=2012-11-05",
                RDS_AUTH.replace("/rds/", "/sqs/"));
        HttpResponse<String> byVersion = post("Action=DescribeTags&Version=1999-01-01", null);
        // DescribeTags exists in EC2 and ELBv2: signed for ELBv2 it is ELBv2's (which wants ResourceArns), not EC2's
        HttpResponse<String> elbv2Tags = post("Action=DescribeTags&Version=2015-12-01",
                RDS_AUTH.replace("/rds/", "/elasticloadbalancing/"));

        assertThat(bySignature.statusCode()).isEqualTo(400);
        assertThat(bySignature.body()).contains("<Code>InvalidAction</Code>").contains("sqs");
        assertThat(elbv2Tags.statusCode()).isEqualTo(400);
        assertThat(elbv2Tags.body()).contains("<Code>ValidationError</Code>")
                .contains("elasticloadbalancing.amazonaws.com/doc/2015-12-01/");
        assertThat(byVersion.statusCode()).isEqualTo(400);
        assertThat(byVersion.body()).contains("<Code>InvalidAction</Code>");
    }

    @Test
    void anEc2ActionThatIsNotEmulatedIsInvalidActionInEc2sEnvelope() throws Exception {
        HttpResponse<String> r = post("Action=DescribeTags&Version=2016-11-15", RDS_AUTH.replace("/rds/", "/ec2/"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("<Response><Errors><Error><Code>InvalidAction</Code>").contains("<RequestID>");
    }

    @Test
    void noActionIsMissingAction() throws Exception {
        HttpResponse<String> r = post("Version=2014-10-31", RDS_AUTH);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>MissingAction</Code>");
    }

    @Test
    void theSdkDoesNotRetryAnActionTheEmulatorLacks() {
        long before = aws.requestCount();

        assertThatThrownBy(() -> aws.rdsClient().describeDBSnapshots())
                .isInstanceOfSatisfying(RdsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                });
        assertThat(aws.requestCount() - before).as("requests the SDK sent").isEqualTo(1);
    }

    private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
