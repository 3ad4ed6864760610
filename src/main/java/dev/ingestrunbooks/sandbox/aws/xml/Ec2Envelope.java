package dev.ingestrunbooks.sandbox.aws.xml;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.function.Consumer;

/**
 * The ec2 protocol's response envelopes (docs/aws.md §1). Success: {@code <ActionResponse xmlns=ns><requestId>…}
 * followed directly by the output members in camelCase (no Result wrapper). Error: {@code <Response><Errors><Error>
 * <Code/><Message/></Error></Errors><RequestID/></Response>} (no namespace, no fault type).
 * See https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
public final class Ec2Envelope implements Envelope {

    private final String namespace;

    /** @param namespace e.g. {@code http://ec2.amazonaws.com/doc/2016-11-15/} */
    public Ec2Envelope(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String success(String action, String requestId, Consumer<XmlWriter> result) {
        XmlWriter w = new XmlWriter().root(action + "Response", namespace).element("requestId", requestId);
        result.accept(w);
        return w.end().toXml();
    }

    @Override
    public String error(AwsException error, String requestId) {
        return new XmlWriter().root("Response", null)
                .start("Errors").start("Error")
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .end().end()
                .element("RequestID", requestId)
                .end().toXml();
    }
}
