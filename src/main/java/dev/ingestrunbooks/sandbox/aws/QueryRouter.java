package dev.ingestrunbooks.sandbox.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ingestrunbooks.sandbox.aws.xml.AwsQueryEnvelope;
import dev.ingestrunbooks.sandbox.aws.xml.Envelope;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches AWS Query-family requests ({@code POST /} with a form body, or a query string) to the emulated
 * service they are meant for, and writes the service's envelope.
 *
 * <p>The service is found from the SigV4 credential scope in {@code Authorization}
 * ({@code Credential=AKID/20261122/us-east-1/rds/aws4_request}) or, failing that, from the {@code Version}
 * parameter, because action names collide across services ({@code DescribeTags} is in EC2 and ELBv2). Signatures
 * are not checked. Unknown services and actions give 400 {@code InvalidAction}; an unexpected exception is logged
 * and becomes 500 {@code InternalFailure}, the only 5xx this router emits.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
public final class QueryRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRouter.class);
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");
    private static final int MAX_BODY = 1 << 20;
    private static final Envelope NO_SERVICE = new AwsQueryEnvelope(null);

    private final Map<String, QueryService> bySigningName = new ConcurrentHashMap<>();
    private final Map<String, QueryService> byVersion = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final java.util.Queue<String> actions = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Adds a service; its signing name and API version must be unique. */
    public QueryRouter register(QueryService service) {
        if (bySigningName.putIfAbsent(service.signingName(), service) != null
                || byVersion.putIfAbsent(service.apiVersion(), service) != null) {
            throw new IllegalStateException("service registered twice: " + service.signingName());
        }
        return this;
    }

    /** How many requests reached the router (lets tests prove the SDK did not retry). */
    public long requestCount() {
        return requests.get();
    }

    /**
     * Every action requested so far, as {@code service:Action} (e.g. {@code rds:DescribeDBInstances}), in arrival
     * order, whatever its outcome: what a read-only proof counts.
     */
    public List<String> actions() {
        return List.copyOf(actions);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        Reply reply;
        try {
            FormBody form = FormBody.parse(exchange.getRequestURI().getRawQuery(), readBody(exchange));
            reply = dispatch(exchange.getRequestHeaders().getFirst("Authorization"), form, requestId);
        } catch (AwsException e) {
            reply = new Reply(e.httpStatus(), NO_SERVICE.error(e, requestId));
        }
        byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("text/xml;charset=UTF-8"));
        exchange.getResponseHeaders().put("x-amzn-RequestId", List.of(requestId));
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    private Reply dispatch(String authorization, FormBody form, String requestId) {
        QueryService service = findService(authorization, form.get("Version"));
        String action = form.get("Action");
        actions.add(service.signingName() + ":" + action);
        LOG.debug("{} {} (request {})", service.signingName(), action, requestId);
        Envelope envelope = service.envelope();
        try {
            if (action == null || action.isEmpty()) {
                throw AwsErrors.missingAction();
            }
            ActionHandler handler = service.actions().find(action);
            if (handler == null) {
                throw AwsErrors.invalidAction(action, service.signingName());
            }
            Consumer<XmlWriter> result = handler.handle(form);
            return new Reply(200, envelope.success(action, requestId, result));
        } catch (AwsException e) {
            LOG.debug("{} {} -> {} {}: {}", service.signingName(), action, e.httpStatus(), e.code(), e.getMessage());
            return new Reply(e.httpStatus(), envelope.error(e, requestId));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed inside the emulator (request {})", service.signingName(), action, requestId, e);
            return new Reply(500, envelope.error(AwsErrors.internalFailure(), requestId));
        }
    }

    private QueryService findService(String authorization, String version) {
        if (authorization != null) {
            Matcher m = SCOPE.matcher(authorization);
            if (m.find()) {
                QueryService s = bySigningName.get(m.group(2));
                if (s == null) {
                    throw AwsErrors.invalidAction("The service " + m.group(2) + " is not emulated by this sandbox.");
                }
                return s;
            }
        }
        QueryService s = version == null ? null : byVersion.get(version);
        if (s == null) {
            throw AwsErrors.invalidAction("Cannot tell the AWS service of this request: no SigV4 credential scope "
                    + "and no known Version parameter (got " + version + ").");
        }
        return s;
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw AwsErrors.invalidParameterValue("Request body larger than " + MAX_BODY + " bytes.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private record Reply(int status, String xml) {
    }
}
