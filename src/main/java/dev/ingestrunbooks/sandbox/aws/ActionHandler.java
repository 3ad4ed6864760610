package dev.ingestrunbooks.sandbox.aws;

import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.function.Consumer;

/**
 * One emulated API action: reads the request, acts on the backend, and returns what writes the result members.
 * Errors are thrown as {@link AwsException} before anything is written.
 */
@FunctionalInterface
public interface ActionHandler {

    Consumer<XmlWriter> handle(FormBody request);
}
