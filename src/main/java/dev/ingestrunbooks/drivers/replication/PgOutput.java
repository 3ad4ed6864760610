package dev.ingestrunbooks.drivers.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the pgoutput logical-replication messages a replication check needs: which relation changed and how.
 *
 * <p>Byte layouts from "Logical Replication Message Formats" (postgresql.org/docs/current/protocol-logicalrep-message-formats.html),
 * protocol version 1. Tuple data is skipped, not decoded: a check only needs the relation and whether an old row came
 * along ('O' = the full old row, as REPLICA IDENTITY FULL sends it; 'K' = key columns only).
 */
public final class PgOutput {
    private PgOutput() {
    }

    /** One decoded message. */
    public sealed interface Message permits Begin, Commit, Relation, Change, Other {
    }

    /** B: Int64 final LSN, Int64 commit timestamp, Int32 xid. */
    public record Begin(long finalLsn, int xid) implements Message {
    }

    /** C: Int8 flags, Int64 commit LSN, Int64 end LSN, Int64 timestamp. */
    public record Commit(long commitLsn, long endLsn) implements Message {
    }

    /** R: Int32 relation oid, String namespace, String name, Int8 replica identity, Int16 columns, … */
    public record Relation(int oid, String schema, String name, char replicaIdentity) implements Message {
        public String qualifiedName() {
            return schema + "." + name;
        }
    }

    /** I/U/D/T: a change to relation {@code oid}; {@code oldRow} is 'O', 'K' or 0 when no old tuple was sent. */
    public record Change(char kind, int oid, char oldRow) implements Message {
    }

    /** Any other message (origin, type, message, stream …), by its type byte. */
    public record Other(char type) implements Message {
    }

    /** Decodes one message; the buffer's position is left unspecified. */
    public static Message decode(ByteBuffer buffer) {
        char type = (char) buffer.get();
        return switch (type) {
            case 'B' -> new Begin(buffer.getLong(), skipThen(buffer, 8).getInt());
            case 'C' -> {
                buffer.get();
                yield new Commit(buffer.getLong(), buffer.getLong());
            }
            case 'R' -> new Relation(buffer.getInt(), cString(buffer), cString(buffer), (char) buffer.get());
            case 'I' -> new Change('I', buffer.getInt(), (char) 0);
            case 'U', 'D' -> {
                int oid = buffer.getInt();
                char marker = (char) buffer.get();
                yield new Change(type, oid, marker == 'N' ? (char) 0 : marker);
            }
            case 'T' -> {
                int relations = buffer.getInt();
                buffer.get();
                yield new Change('T', relations > 0 ? buffer.getInt() : 0, (char) 0);
            }
            default -> new Other(type);
        };
    }

    private static ByteBuffer skipThen(ByteBuffer buffer, int bytes) {
        buffer.position(buffer.position() + bytes);
        return buffer;
    }

    private static String cString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(bytes);
        buffer.get();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
