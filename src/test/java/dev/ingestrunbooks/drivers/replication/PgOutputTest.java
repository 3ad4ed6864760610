package dev.ingestrunbooks.drivers.replication;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte layouts from the PostgreSQL docs, "Logical Replication Message Formats", protocol version 1. */
class PgOutputTest {

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static ByteBuffer bytes(Writer writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writer.write(new DataOutputStream(buffer));
        return ByteBuffer.wrap(buffer.toByteArray());
    }

    private static void cString(DataOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    /** TupleData with one text column. */
    private static void tuple(DataOutputStream out, String value) throws IOException {
        out.writeShort(1);
        out.writeByte('t');
        out.writeInt(value.length());
        out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void relationCarriesSchemaNameAndReplicaIdentity() throws IOException {
        ByteBuffer msg = bytes(out -> {
            out.writeByte('R');
            out.writeInt(16384);
            cString(out, "public");
            cString(out, "orders");
            out.writeByte('f');
            out.writeShort(0);
        });
        assertThat(PgOutput.decode(msg)).isEqualTo(new PgOutput.Relation(16384, "public", "orders", 'f'));
    }

    @Test
    void updateWithFullOldRowAndWithout() throws IOException {
        ByteBuffer full = bytes(out -> {
            out.writeByte('U');
            out.writeInt(16384);
            out.writeByte('O');
            tuple(out, "old");
            out.writeByte('N');
            tuple(out, "new");
        });
        ByteBuffer plain = bytes(out -> {
            out.writeByte('U');
            out.writeInt(16384);
            out.writeByte('N');
            tuple(out, "new");
        });
        assertThat(PgOutput.decode(full)).isEqualTo(new PgOutput.Change('U', 16384, 'O'));
        assertThat(PgOutput.decode(plain)).isEqualTo(new PgOutput.Change('U', 16384, (char) 0));
    }

    @Test
    void insertDeleteTruncateBeginCommitAndOthers() throws IOException {
        assertThat(PgOutput.decode(bytes(out -> {
            out.writeByte('I');
            out.writeInt(7);
            out.writeByte('N');
            tuple(out, "x");
        }))).isEqualTo(new PgOutput.Change('I', 7, (char) 0));
        assertThat(PgOutput.decode(bytes(out -> {
            out.writeByte('D');
            out.writeInt(7);
            out.writeByte('K');
            tuple(out, "1");
        }))).isEqualTo(new PgOutput.Change('D', 7, 'K'));
        assertThat(PgOutput.decode(bytes(out -> {
            out.writeByte('T');
            out.writeInt(1);
            out.writeByte(0);
            out.writeInt(7);
        }))).isEqualTo(new PgOutput.Change('T', 7, (char) 0));
        assertThat(PgOutput.decode(bytes(out -> {
            out.writeByte('B');
            out.writeLong(0x1506608L);
            out.writeLong(0);
            out.writeInt(734);
        }))).isEqualTo(new PgOutput.Begin(0x1506608L, 734));
        assertThat(PgOutput.decode(bytes(out -> {
            out.writeByte('C');
            out.writeByte(0);
            out.writeLong(0x1506608L);
            out.writeLong(0x1506638L);
            out.writeLong(0);
        }))).isEqualTo(new PgOutput.Commit(0x1506608L, 0x1506638L));
        assertThat(PgOutput.decode(bytes(out -> out.writeByte('O')))).isEqualTo(new PgOutput.Other('O'));
    }
}
