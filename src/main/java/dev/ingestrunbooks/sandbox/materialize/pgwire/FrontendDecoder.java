package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@link Frame} into a {@link FrontendMessage}; an unknown type or a body that does not match its
 * layout is a {@link ProtocolViolationException}. Layouts are quoted beside each decoder
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">message formats</a>).
 * Not decoded (answered as unknown): CopyData/CopyDone/CopyFail, FunctionCall, the SASL responses.
 */
public final class FrontendDecoder {

    private FrontendDecoder() {
    }

    public static FrontendMessage decode(Frame frame) throws ProtocolViolationException {
        ByteBuffer body = ByteBuffer.wrap(frame.body());
        try {
            FrontendMessage message = switch (frame.type()) {
                case 'Q' -> new FrontendMessage.Query(cString(body));
                case 'P' -> parse(body);
                case 'B' -> bind(body);
                case 'D' -> new FrontendMessage.Describe((char) body.get(), cString(body));
                case 'E' -> new FrontendMessage.Execute(cString(body), body.getInt());
                case 'C' -> new FrontendMessage.Close((char) body.get(), cString(body));
                case 'S' -> new FrontendMessage.Sync();
                case 'H' -> new FrontendMessage.Flush();
                case 'X' -> new FrontendMessage.Terminate();
                case 'p' -> new FrontendMessage.Password(cString(body));
                default -> throw new ProtocolViolationException("invalid frontend message type " + (int) frame.type());
            };
            if (body.hasRemaining()) {
                throw new ProtocolViolationException("invalid message format: trailing bytes in '" + frame.type() + "'");
            }
            return message;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolViolationException("invalid message format: truncated '" + frame.type() + "'");
        }
    }

    /** Parse: {@code cstring name, cstring query, int16 n, int32[n] parameter type OIDs}. */
    private static FrontendMessage parse(ByteBuffer body) {
        String name = cString(body);
        String sql = cString(body);
        int count = nonNegative(body.getShort());
        List<Integer> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(body.getInt());
        }
        return new FrontendMessage.Parse(name, sql, types);
    }

    /**
     * Bind: {@code cstring portal, cstring statement, int16 n, int16[n] parameter formats, int16 m, then m times
     * (int32 length (-1 = NULL), bytes), int16 k, int16[k] result formats}.
     */
    private static FrontendMessage bind(ByteBuffer body) {
        String portal = cString(body);
        String statement = cString(body);
        List<Short> parameterFormats = shorts(body);
        int count = nonNegative(body.getShort());
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = body.getInt();
            if (length < -1 || length > body.remaining()) {
                throw new IllegalArgumentException("bad parameter length");
            }
            byte[] value = length < 0 ? null : new byte[length];
            if (value != null) {
                body.get(value);
            }
            values.add(value);
        }
        return new FrontendMessage.Bind(portal, statement, parameterFormats, values, shorts(body));
    }

    private static List<Short> shorts(ByteBuffer body) {
        int count = nonNegative(body.getShort());
        List<Short> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(body.getShort());
        }
        return values;
    }

    private static int nonNegative(short count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count");
        }
        return count;
    }

    private static String cString(ByteBuffer body) {
        int start = body.position();
        for (int i = start; i < body.limit(); i++) {
            if (body.get(i) == 0) {
                String value = new String(body.array(), start, i - start, StandardCharsets.UTF_8);
                body.position(i + 1);
                return value;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }
}
