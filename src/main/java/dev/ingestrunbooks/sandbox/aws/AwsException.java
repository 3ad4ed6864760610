package dev.ingestrunbooks.sandbox.aws;

/**
 * An AWS API error as it goes on the wire: an error code, an HTTP status, a message and the fault side.
 *
 * <p>Protocol neutral: the awsQuery envelope (RDS, ELBv2) and the ec2 envelope both render it. Each AWS error code
 * has its own final subclass, made by a factory ({@link AwsErrors}, {@code rds.RdsErrors}), so that the code and
 * the status of one error are written down once. Messages must never carry secrets.
 */
public abstract class AwsException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    protected AwsException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The exact {@code <Code>} the SDK matches against its modeled exceptions, e.g. {@code DBInstanceNotFound}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the error response. */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@code Sender} for client errors (4xx), {@code Receiver} for server faults (5xx). */
    public String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
