package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.QueryService;
import dev.ingestrunbooks.sandbox.aws.xml.Ec2Envelope;
import dev.ingestrunbooks.sandbox.aws.xml.Envelope;

/**
 * Amazon EC2 (API version 2016-11-15, ec2 protocol) as a {@link QueryService}: VPCs, subnets, availability zones and
 * security groups ({@link Ec2Actions}), key pairs ({@link KeyPairActions}), instances ({@link InstanceActions}) and
 * Elastic IPs ({@link AddressActions}) and VPC endpoint services ({@link EndpointServiceActions}) over one
 * {@link Ec2Backend}. Every other EC2 action is answered 400
 * {@code InvalidAction} by the router. See https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html
 */
public final class Ec2Service implements QueryService {

    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final Envelope envelope = new Ec2Envelope(NAMESPACE);
    private final ActionRegistry actions = new ActionRegistry();

    public Ec2Service(Ec2Backend backend) {
        new Ec2Actions(backend).registerOn(actions);
        new KeyPairActions(backend).registerOn(actions);
        new InstanceActions(backend).registerOn(actions);
        new AddressActions(backend).registerOn(actions);
        new EndpointServiceActions(backend).registerOn(actions);
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public String apiVersion() {
        return "2016-11-15";
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public ActionRegistry actions() {
        return actions;
    }
}
