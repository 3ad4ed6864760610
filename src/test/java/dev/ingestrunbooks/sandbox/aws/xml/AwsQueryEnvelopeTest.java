package dev.ingestrunbooks.sandbox.aws.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class AwsQueryEnvelopeTest {

    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private final AwsQueryEnvelope envelope = new AwsQueryEnvelope(NS);

    @Test
    void successPutsTheResultFirstAndTheRequestIdAfterIt() {
        String xml = envelope.success("DescribeDBInstances", "req-1", w -> w
                .list("DBInstances", "DBInstance", List.of("mz-rds"), (x, id) -> x.element("DBInstanceIdentifier", id)));

        assertThat(xml).isEqualTo("<DescribeDBInstancesResponse xmlns=\"" + NS + "\">"
                + "<DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>mz-rds"
                + "</DBInstanceIdentifier></DBInstance></DBInstances></DescribeDBInstancesResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</DescribeDBInstancesResponse>");
        Element root = parse(xml);
        assertThat(firstChildElement(root).getTagName()).isEqualTo("DescribeDBInstancesResult");
    }

    @Test
    void anEmptyResultIsStillTheFirstChild() {
        Element root = parse(envelope.success("RebootDBInstance", "r", w -> { }));

        assertThat(firstChildElement(root).getTagName()).isEqualTo("RebootDBInstanceResult");
    }

    @Test
    void errorHasTypeCodeMessageThenRequestId() {
        String xml = envelope.error(AwsErrors.invalidParameterCombination(
                "cannot use immediate apply method for static parameter"), "req-2");

        assertThat(xml).isEqualTo("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>InvalidParameterCombination</Code>"
                + "<Message>cannot use immediate apply method for static parameter</Message></Error>"
                + "<RequestId>req-2</RequestId></ErrorResponse>");
    }

    @Test
    void serverFaultsAreReceiverFaults() {
        assertThat(envelope.error(AwsErrors.internalFailure(), "r")).contains("<Type>Receiver</Type>");
    }

    @Test
    void textIsEscapedAndNullMembersAreLeftOut() {
        String xml = new XmlWriter().root("R", null)
                .element("Description", "a < b & \"c\"").element("ParameterValue", null).end().toXml();

        assertThat(xml).isEqualTo("<R><Description>a &lt; b &amp; &quot;c&quot;</Description></R>");
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + xml, e);
        }
    }

    private static Element firstChildElement(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                return child;
            }
        }
        throw new AssertionError("no child element");
    }
}
