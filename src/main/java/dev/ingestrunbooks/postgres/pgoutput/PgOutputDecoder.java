package dev.ingestrunbooks.postgres.pgoutput;

import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Begin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Column;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Commit;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Delete;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Insert;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Message;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldKind;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldTuple;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Origin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Relation;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Truncate;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.TupleData;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Type;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Update;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes one pgoutput message (protocol version 1, the payload of an XLogData CopyData) into a
 * {@link PgOutputMessage}. Stateless: it does not track relations or transactions (that is the applier's job).
 * Integers are big-endian, strings NUL-terminated UTF-8, timestamps microseconds since 2000-01-01 UTC.
 *
 * <p>Limits: the streaming (v2 {@code S/E/c/A}) and two-phase (v3) messages are rejected, as this sandbox always
 * asks for {@code proto_version '1'}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html">Logical
 *     Replication Message Formats</a>
 */
public final class PgOutputDecoder {

    /** 2000-01-01T00:00:00Z, the PostgreSQL epoch, in microseconds since the Unix epoch. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private PgOutputDecoder() {
    }

    /** Decodes the remaining bytes of {@code buffer} (position advanced to the end). */
    public static PgOutputMessage decode(ByteBuffer buffer) {
        try {
            char tag = (char) buffer.get();
            PgOutputMessage message = switch (tag) {
                case 'B' -> new Begin(lsn(buffer), timestamp(buffer), buffer.getInt());
                case 'C' -> new Commit(buffer.get(), lsn(buffer), lsn(buffer), timestamp(buffer));
                case 'O' -> new Origin(lsn(buffer), string(buffer));
                case 'R' -> relation(buffer);
                case 'Y' -> new Type(buffer.getInt(), string(buffer), string(buffer));
                case 'I' -> insert(buffer);
                case 'U' -> update(buffer);
                case 'D' -> delete(buffer);
                case 'T' -> truncate(buffer);
                case 'M' -> message(buffer);
                default -> throw new IllegalArgumentException("unexpected logical replication message '" + tag + "'");
            };
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(
                        buffer.remaining() + " trailing bytes after pgoutput message '" + tag + "'");
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated pgoutput message", e);
        }
    }

    /** Decodes a whole array. */
    public static PgOutputMessage decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** {@code Int32 oid, String namespace, String name, Int8 replica identity, Int16 n, n × (Int8 flags, String
     * name, Int32 type oid, Int32 typmod)}. */
    private static Relation relation(ByteBuffer buffer) {
        int oid = buffer.getInt();
        String namespace = string(buffer);
        String name = string(buffer);
        char identity = (char) buffer.get();
        int count = Short.toUnsignedInt(buffer.getShort());
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            columns.add(new Column(key, string(buffer), buffer.getInt(), buffer.getInt()));
        }
        return new Relation(oid, namespace, name, identity, columns);
    }

    /** {@code Int32 oid, Byte1 'N', TupleData}. */
    private static Insert insert(ByteBuffer buffer) {
        int oid = buffer.getInt();
        expect(buffer, 'N');
        return new Insert(oid, tuple(buffer));
    }

    /** {@code Int32 oid, [Byte1 'K'|'O', TupleData], Byte1 'N', TupleData}. */
    private static Update update(ByteBuffer buffer) {
        int oid = buffer.getInt();
        char marker = (char) buffer.get();
        Optional<OldTuple> old = Optional.empty();
        if (marker == 'K' || marker == 'O') {
            old = Optional.of(new OldTuple(oldKind(marker), tuple(buffer)));
            marker = (char) buffer.get();
        }
        if (marker != 'N') {
            throw new IllegalArgumentException("expected 'N' in Update, got '" + marker + "'");
        }
        return new Update(oid, old, tuple(buffer));
    }

    /** {@code Int32 oid, Byte1 'K'|'O', TupleData}. */
    private static Delete delete(ByteBuffer buffer) {
        int oid = buffer.getInt();
        char marker = (char) buffer.get();
        if (marker != 'K' && marker != 'O') {
            throw new IllegalArgumentException("expected 'K' or 'O' in Delete, got '" + marker + "'");
        }
        return new Delete(oid, new OldTuple(oldKind(marker), tuple(buffer)));
    }

    /** {@code Int32 n, Int8 options, n × Int32 oid}. */
    private static Truncate truncate(ByteBuffer buffer) {
        int count = buffer.getInt();
        int options = Byte.toUnsignedInt(buffer.get());
        List<Integer> oids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            oids.add(buffer.getInt());
        }
        return new Truncate(options, oids);
    }

    /** {@code Int8 flags, Int64 lsn, String prefix, Int32 n, Byte[n] content} (no xid outside streaming). */
    private static Message message(ByteBuffer buffer) {
        boolean transactional = (buffer.get() & 1) != 0;
        Lsn lsn = lsn(buffer);
        String prefix = string(buffer);
        byte[] content = new byte[buffer.getInt()];
        buffer.get(content);
        return new Message(transactional, lsn, prefix, content);
    }

    /** {@code Int16 n, n × (Byte1 'n' | 'u' | 't' Int32 len Byte[len] | 'b' Int32 len Byte[len])}. */
    private static TupleData tuple(ByteBuffer buffer) {
        int count = Short.toUnsignedInt(buffer.getShort());
        List<TupleValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            values.add(switch (kind) {
                case 'n' -> TupleValue.NULL;
                case 'u' -> TupleValue.UNCHANGED_TOAST;
                case 't' -> new TupleValue.Text(new String(bytes(buffer), StandardCharsets.UTF_8));
                case 'b' -> new TupleValue.Binary(bytes(buffer));
                default -> throw new IllegalArgumentException("unknown TupleData kind '" + kind + "'");
            });
        }
        return new TupleData(values);
    }

    private static OldKind oldKind(char marker) {
        return marker == 'K' ? OldKind.KEY : OldKind.OLD_ROW;
    }

    private static void expect(ByteBuffer buffer, char expected) {
        char actual = (char) buffer.get();
        if (actual != expected) {
            throw new IllegalArgumentException("expected '" + expected + "', got '" + actual + "'");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return bytes;
    }

    private static Lsn lsn(ByteBuffer buffer) {
        return Lsn.of(buffer.getLong());
    }

    private static Instant timestamp(ByteBuffer buffer) {
        long micros = buffer.getLong() + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static String string(ByteBuffer buffer) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (byte b = buffer.get(); b != 0; b = buffer.get()) {
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
