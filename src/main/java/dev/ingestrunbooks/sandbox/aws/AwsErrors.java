package dev.ingestrunbooks.sandbox.aws;

/**
 * Factories for the errors common to all AWS Query services (the "Common Errors" page of each API reference,
 * e.g. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html).
 *
 * <p>None of these is retried by the AWS SDK except {@link InternalFailure}, which is only for bugs in the emulator.
 */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The action is not known to the service (or not emulated). Never answered with a 5xx. */
    public static InvalidAction invalidAction(String action, String service) {
        return new InvalidAction("The action " + action + " is not valid for this web service (" + service + ").");
    }

    /** The request named no action, or no service could be recognised. */
    public static InvalidAction invalidAction(String message) {
        return new InvalidAction(message);
    }

    public static MissingAction missingAction() {
        return new MissingAction("The request must contain the parameter Action");
    }

    public static MissingParameter missingParameter(String name) {
        return new MissingParameter("The request must contain the parameter " + name);
    }

    public static InvalidParameterValue invalidParameterValue(String message) {
        return new InvalidParameterValue(message);
    }

    public static InvalidParameterCombination invalidParameterCombination(String message) {
        return new InvalidParameterCombination(message);
    }

    public static InternalFailure internalFailure() {
        return new InternalFailure("The request processing has failed because of an unknown error, exception or failure.");
    }

    /** 400 {@code InvalidAction}. */
    public static final class InvalidAction extends AwsException {
        InvalidAction(String message) {
            super("InvalidAction", 400, message);
        }
    }

    /** 400 {@code MissingAction}. */
    public static final class MissingAction extends AwsException {
        MissingAction(String message) {
            super("MissingAction", 400, message);
        }
    }

    /** 400 {@code MissingParameter}. */
    public static final class MissingParameter extends AwsException {
        MissingParameter(String message) {
            super("MissingParameter", 400, message);
        }
    }

    /** 400 {@code InvalidParameterValue}. */
    public static final class InvalidParameterValue extends AwsException {
        InvalidParameterValue(String message) {
            super("InvalidParameterValue", 400, message);
        }
    }

    /** 400 {@code InvalidParameterCombination}. */
    public static final class InvalidParameterCombination extends AwsException {
        InvalidParameterCombination(String message) {
            super("InvalidParameterCombination", 400, message);
        }
    }

    /** 500 {@code InternalFailure}: a bug in the emulator, never a modeled outcome (the SDK retries it). */
    public static final class InternalFailure extends AwsException {
        InternalFailure(String message) {
            super("InternalFailure", 500, message);
        }
    }
}
