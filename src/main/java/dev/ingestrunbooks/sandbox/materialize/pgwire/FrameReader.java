package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits the frontend byte stream after startup into {@link Frame}s: {@code byte type, int32 length (counting
 * itself), body} (<a href="https://www.postgresql.org/docs/current/protocol-overview.html">message overview</a>).
 * Framing only; what a frame means is {@link FrontendDecoder}'s business.
 *
 * <p>A length below 4 or above the cap is a {@link ProtocolViolationException}, so a hostile or broken client
 * cannot make the server allocate more than the cap.
 */
public final class FrameReader {

    /** Default cap on one message, as PostgreSQL's {@code PQ_LARGE_MESSAGE_LIMIT} but far smaller. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    private final DataInputStream in;
    private final int maxMessageSize;

    public FrameReader(InputStream in, int maxMessageSize) {
        this.in = new DataInputStream(in);
        this.maxMessageSize = maxMessageSize;
    }

    /** The next frame, or null when the client closed the stream between messages. */
    public Frame next() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new ProtocolViolationException("incomplete message from client");
        }
        if (length < 4 || length > maxMessageSize) {
            throw new ProtocolViolationException("invalid message length " + length + " for message type '"
                    + printable(type) + "'");
        }
        byte[] body = new byte[length - 4];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new ProtocolViolationException("incomplete message from client");
        }
        return new Frame((char) type, body);
    }

    private static String printable(int type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("\\x%02x", type);
    }
}
