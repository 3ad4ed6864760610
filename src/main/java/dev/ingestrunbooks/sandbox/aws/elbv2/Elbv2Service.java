package dev.ingestrunbooks.sandbox.aws.elbv2;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.QueryService;
import dev.ingestrunbooks.sandbox.aws.xml.AwsQueryEnvelope;
import dev.ingestrunbooks.sandbox.aws.xml.Envelope;

/**
 * Elastic Load Balancing v2 (API version 2015-12-01, awsQuery protocol, signing name {@code elasticloadbalancing})
 * as a {@link QueryService}: the actions of {@link Elbv2Actions} over one {@link Elbv2Backend}. Every other ELBv2
 * action is answered 400 {@code InvalidAction} by the router.
 * See https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/Welcome.html
 */
public final class Elbv2Service implements QueryService {

    public static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private final Envelope envelope = new AwsQueryEnvelope(NAMESPACE);
    private final ActionRegistry actions = new ActionRegistry();

    public Elbv2Service(Elbv2Backend backend) {
        new Elbv2Actions(backend).registerOn(actions);
    }

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
        return envelope;
    }

    @Override
    public ActionRegistry actions() {
        return actions;
    }
}
