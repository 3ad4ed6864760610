package dev.ingestrunbooks.sandbox.network;

import java.io.IOException;

/** The client's first packet is not a PostgreSQL startup packet (bad length, unknown code, broken pairs). */
public final class MalformedStartupPacketException extends IOException {

    public MalformedStartupPacketException(String message) {
        super(message);
    }
}
