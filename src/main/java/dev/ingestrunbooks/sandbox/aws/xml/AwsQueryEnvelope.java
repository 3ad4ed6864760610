package dev.ingestrunbooks.sandbox.aws.xml;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.function.Consumer;

/**
 * The awsQuery response envelopes (RDS, ELBv2).
 *
 * <p>Success: {@code <ActionResponse xmlns=ns><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…}.
 * The Java SDK takes the <em>first child</em> of the root as the result, so the result element always comes
 * first, even when it is empty. Error: {@code <ErrorResponse xmlns=ns><Error><Type/><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>}. See https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html
 */
public final class AwsQueryEnvelope implements Envelope {

    private final String namespace;

    /** @param namespace the service's xmlNamespace, e.g. {@code http://rds.amazonaws.com/doc/2014-10-31/} */
    public AwsQueryEnvelope(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String success(String action, String requestId, Consumer<XmlWriter> result) {
        XmlWriter w = new XmlWriter().root(action + "Response", namespace).start(action + "Result");
        result.accept(w);
        return w.end()
                .start("ResponseMetadata").element("RequestId", requestId).end()
                .end().toXml();
    }

    @Override
    public String error(AwsException error, String requestId) {
        return new XmlWriter().root("ErrorResponse", namespace)
                .start("Error")
                .element("Type", error.faultType())
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .end()
                .element("RequestId", requestId)
                .end().toXml();
    }
}
