package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.QueryService;
import dev.ingestrunbooks.sandbox.aws.xml.AwsQueryEnvelope;
import dev.ingestrunbooks.sandbox.aws.xml.Envelope;

/**
 * Amazon RDS (API version 2014-10-31, awsQuery protocol) as a {@link QueryService}: the actions of
 * {@link RdsInstanceActions} and {@link RdsParameterActions} over one {@link RdsBackend}. Every other RDS action
 * is answered 400 {@code InvalidAction} by the router.
 * See https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/Welcome.html
 */
public final class RdsService implements QueryService {

    public static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

    private final Envelope envelope = new AwsQueryEnvelope(NAMESPACE);
    private final ActionRegistry actions = new ActionRegistry();

    public RdsService(RdsBackend backend) {
        new RdsInstanceActions(backend).registerOn(actions);
        new RdsParameterActions(backend).registerOn(actions);
    }

    @Override
    public String signingName() {
        return "rds";
    }

    @Override
    public String apiVersion() {
        return "2014-10-31";
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
