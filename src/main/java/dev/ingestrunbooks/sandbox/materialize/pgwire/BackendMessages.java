package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One encoder per backend message of the PostgreSQL v3 protocol
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">message formats</a>).
 * Each returns the complete message: type byte, int32 length (counting itself, not the type byte), body.
 * Strings are UTF-8; "cstring" means NUL-terminated. Encoding only: no state, no I/O.
 */
public final class BackendMessages {

    private BackendMessages() {
    }

    /** AuthenticationOk: {@code 'R', int32 8, int32 0}. */
    public static byte[] authenticationOk() {
        return message('R', ByteBuffer.allocate(4).putInt(0).array());
    }

    /** AuthenticationCleartextPassword: {@code 'R', int32 8, int32 3}. */
    public static byte[] authenticationCleartextPassword() {
        return message('R', ByteBuffer.allocate(4).putInt(3).array());
    }

    /** ParameterStatus: {@code 'S', int32 len, cstring name, cstring value}. */
    public static byte[] parameterStatus(String name, String value) {
        Body body = new Body();
        body.cString(name).cString(value);
        return message('S', body.bytes());
    }

    /** BackendKeyData: {@code 'K', int32 12, int32 process id, int32 secret key}. */
    public static byte[] backendKeyData(int processId, int secretKey) {
        return message('K', ByteBuffer.allocate(8).putInt(processId).putInt(secretKey).array());
    }

    /** ReadyForQuery: {@code 'Z', int32 5, byte status ('I' idle, 'T' in block, 'E' failed block)}. */
    public static byte[] readyForQuery(TransactionStatus status) {
        return message('Z', new byte[] {status.indicator()});
    }

    /**
     * RowDescription: {@code 'T', int32 len, int16 field count}, then per field {@code cstring name, int32 table
     * OID, int16 attribute number, int32 type OID, int16 type size, int32 type modifier, int16 format code}.
     */
    public static byte[] rowDescription(List<Column> columns, List<Short> formats) {
        Body body = new Body();
        body.int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            body.cString(column.name()).int32(column.tableOid()).int16(column.attributeNumber())
                    .int32(column.typeOid()).int16(column.typeSize()).int32(column.typeModifier())
                    .int16(formats.get(i));
        }
        return message('T', body.bytes());
    }

    /** DataRow: {@code 'D', int32 len, int16 column count}, then per column {@code int32 length (-1 = NULL), bytes}. */
    public static byte[] dataRow(byte[][] values) {
        Body body = new Body();
        body.int16(values.length);
        for (byte[] value : values) {
            if (value == null) {
                body.int32(-1);
            } else {
                body.int32(value.length).raw(value);
            }
        }
        return message('D', body.bytes());
    }

    /** CommandComplete: {@code 'C', int32 len, cstring tag} (e.g. {@code SELECT 1}, {@code INSERT 0 1}). */
    public static byte[] commandComplete(String tag) {
        return message('C', new Body().cString(tag).bytes());
    }

    /** EmptyQueryResponse: {@code 'I', int32 4}. */
    public static byte[] emptyQueryResponse() {
        return message('I', new byte[0]);
    }

    /** ParseComplete: {@code '1', int32 4}. */
    public static byte[] parseComplete() {
        return message('1', new byte[0]);
    }

    /** BindComplete: {@code '2', int32 4}. */
    public static byte[] bindComplete() {
        return message('2', new byte[0]);
    }

    /** CloseComplete: {@code '3', int32 4}. */
    public static byte[] closeComplete() {
        return message('3', new byte[0]);
    }

    /** NoData: {@code 'n', int32 4}. */
    public static byte[] noData() {
        return message('n', new byte[0]);
    }

    /** PortalSuspended: {@code 's', int32 4}. */
    public static byte[] portalSuspended() {
        return message('s', new byte[0]);
    }

    /** ParameterDescription: {@code 't', int32 len, int16 count, int32[count] type OIDs}. */
    public static byte[] parameterDescription(List<Integer> typeOids) {
        Body body = new Body();
        body.int16(typeOids.size());
        typeOids.forEach(body::int32);
        return message('t', body.bytes());
    }

    /**
     * ErrorResponse: {@code 'E', int32 len}, then fields {@code byte code, cstring value}, then a 0 byte.
     * Fields: {@code S} severity, {@code V} severity (not localized), {@code C} SQLSTATE, {@code M} message,
     * {@code D} detail and {@code H} hint when present
     * (<a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">error fields</a>).
     */
    public static byte[] errorResponse(SqlError error) {
        return message('E', fields(error));
    }

    /** NoticeResponse: {@code 'N', int32 len}, then the same fields as ErrorResponse (severity e.g. NOTICE). */
    public static byte[] noticeResponse(SqlError notice) {
        return message('N', fields(notice));
    }

    private static byte[] fields(SqlError error) {
        Body body = new Body();
        body.field('S', error.severity()).field('V', error.severity()).field('C', error.sqlState())
                .field('M', error.getMessage());
        if (error.detail() != null) {
            body.field('D', error.detail());
        }
        if (error.hint() != null) {
            body.field('H', error.hint());
        }
        return body.raw(new byte[] {0}).bytes();
    }

    /** The single byte {@code 'N'} that declines an SSLRequest or GSSENCRequest (not a framed message). */
    public static byte[] declineEncryption() {
        return new byte[] {'N'};
    }

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    /** A growing message body with the protocol's primitive writers. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body int16(int value) {
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Body int32(int value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
            return this;
        }

        Body cString(String value) {
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        Body field(char code, String value) {
            out.write(code);
            return cString(value);
        }

        Body raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
