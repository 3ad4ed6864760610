package dev.ingestrunbooks.sandbox.aws.xml;

import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.function.Consumer;

/**
 * How one AWS Query-family protocol wraps results and errors. awsQuery (RDS, ELBv2) is {@link AwsQueryEnvelope};
 * the ec2 protocol (camelCase, {@code <requestId>}, {@code <Response><Errors>}) plugs in as another implementation.
 */
public interface Envelope {

    /** The whole success document for {@code action}; {@code result} writes the members of the result. */
    String success(String action, String requestId, Consumer<XmlWriter> result);

    /** The whole error document. */
    String error(AwsException error, String requestId);
}
