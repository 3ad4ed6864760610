package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.IOException;

/** The client broke the framing or sent a message that cannot be decoded; the server answers 08P01 and closes. */
public final class ProtocolViolationException extends IOException {

    public ProtocolViolationException(String message) {
        super(message);
    }
}
