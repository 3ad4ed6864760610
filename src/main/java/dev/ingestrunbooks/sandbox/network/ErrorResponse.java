package dev.ingestrunbooks.sandbox.network;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a backend ErrorResponse, the packet a server sends to refuse a connection during startup.
 *
 * <p>Layout (<a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">error fields</a>):
 * {@code 'E', int32 length, then fields (byte code, cstring value) and a final 0}. Fields written:
 * {@code S} severity (localized), {@code V} severity (never localized), {@code C} SQLSTATE, {@code M} message.
 */
public final class ErrorResponse {

    private ErrorResponse() {
    }

    /** A FATAL ErrorResponse, as PostgreSQL sends before closing a connection it refuses. */
    public static byte[] fatal(String sqlState, String message) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 'S', "FATAL");
        field(fields, 'V', "FATAL");
        field(fields, 'C', sqlState);
        field(fields, 'M', message);
        fields.write(0);
        byte[] body = fields.toByteArray();
        return ByteBuffer.allocate(1 + 4 + body.length).put((byte) 'E').putInt(4 + body.length).put(body).array();
    }

    private static void field(ByteArrayOutputStream out, char code, String value) {
        out.write(code);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
