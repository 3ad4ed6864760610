package dev.ingestrunbooks.sandbox.aws;

import dev.ingestrunbooks.sandbox.aws.xml.Envelope;

/**
 * One AWS service behind the {@link QueryRouter}: how requests are recognised as its own (SigV4 signing name,
 * {@code Version}), how its responses are wrapped, and which actions it emulates. RDS is the first; EC2 (ec2
 * protocol) and ELBv2 (awsQuery) plug in the same way.
 */
public interface QueryService {

    /** The SigV4 credential-scope service, e.g. {@code rds}, {@code ec2}, {@code elasticloadbalancing}. */
    String signingName();

    /** The {@code Version} parameter the SDK sends, e.g. {@code 2014-10-31}. */
    String apiVersion();

    Envelope envelope();

    ActionRegistry actions();
}
