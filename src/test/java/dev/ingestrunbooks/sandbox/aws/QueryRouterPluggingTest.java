package dev.ingestrunbooks.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ingestrunbooks.sandbox.aws.rds.RdsBackend;
import dev.ingestrunbooks.sandbox.aws.rds.RdsService;
import dev.ingestrunbooks.sandbox.aws.xml.AwsQueryEnvelope;
import dev.ingestrunbooks.sandbox.aws.xml.Envelope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second service plugs into the router beside RDS; colliding action names go where the credential scope says;
 * a bug inside a handler is a logged 500 InternalFailure, not a dropped connection.
 */
class QueryRouterPluggingTest {

    private final RdsBackend rdsBackend = new RdsBackend("us-east-1");
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Stands in for ELBv2 (awsQuery, 2015-12-01). */
    private static final class FakeElb implements QueryService {
        private final ActionRegistry actions = new ActionRegistry()
                .on("DescribeTags", in -> w -> w.element("Marker", "from-elb"))
                .on("Boom", in -> {
                    throw new IllegalStateException("bug in a handler");
                });

        @Override
        public String signingName() {
            return "elasticloadbalancing";
        }

        @Override
        public String apiVersion() {
            return "2015-12-01";
        }

        @Override
        public Envelope envelope() {
            return new AwsQueryEnvelope("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/");
        }

        @Override
        public ActionRegistry actions() {
            return actions;
        }
    }

    @BeforeEach
    void start() throws Exception {
        QueryRouter router = new QueryRouter().register(new RdsService(rdsBackend)).register(new FakeElb());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        rdsBackend.close();
    }

    @Test
    void theCredentialScopeDecidesWhichServiceGetsAnAction() throws Exception {
        HttpResponse<String> elb = post("Action=DescribeTags&Version=2015-12-01", "elasticloadbalancing");
        HttpResponse<String> rds = post("Action=DescribeTags&Version=2015-12-01", "rds");

        assertThat(elb.statusCode()).isEqualTo(200);
        assertThat(elb.body()).startsWith("<DescribeTagsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/"
                + "doc/2015-12-01/\"><DescribeTagsResult><Marker>from-elb</Marker>");
        assertThat(rds.statusCode()).isEqualTo(400);
        assertThat(rds.body()).contains("<Code>InvalidAction</Code>");
    }

    @Test
    void aHandlerBugIsInternalFailure() throws Exception {
        HttpResponse<String> r = post("Action=Boom&Version=2015-12-01", null);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<Type>Receiver</Type><Code>InternalFailure</Code>")
                .doesNotContain("bug in a handler");
    }

    private HttpResponse<String> post(String body, String service) throws Exception {
        InetSocketAddress a = server.getAddress();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (service != null) {
            b.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/" + service
                    + "/aws4_request, SignedHeaders=host, Signature=00");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
