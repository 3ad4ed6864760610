package dev.ingestrunbooks.postgres.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Begin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Column;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Commit;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Delete;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Insert;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Message;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.OldKind;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Origin;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Relation;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Truncate;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Type;
import dev.ingestrunbooks.postgres.pgoutput.PgOutputMessage.Update;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte layouts from https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html. */
class PgOutputDecoderTest {

    /** 2025-11-22T09:30:18.770585Z in microseconds since 2000-01-01. */
    private static final long TS = 817_119_018_770_585L;
    private static final Instant TS_INSTANT = Instant.parse("2025-11-22T09:30:18.770585Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    @Test
    void begin() throws IOException {
        out.writeByte('B');
        out.writeLong(0x1506608L);
        out.writeLong(TS);
        out.writeInt(734);
        assertThat(decode()).isEqualTo(new Begin(Lsn.parse("0/1506608"), TS_INSTANT, 734));
    }

    @Test
    void commitAndOrigin() throws IOException {
        out.writeByte('C');
        out.writeByte(0);
        out.writeLong(0x1506608L);
        out.writeLong(0x1506638L);
        out.writeLong(TS);
        assertThat(decode()).isEqualTo(new Commit(0, Lsn.parse("0/1506608"), Lsn.parse("0/1506638"), TS_INSTANT));
        bytes.reset();
        out.writeByte('O');
        out.writeLong(0x10L);
        cstring("node_a");
        assertThat(decode()).isEqualTo(new Origin(Lsn.parse("0/10"), "node_a"));
    }

    @Test
    void relationWithKeyFlagsAndTypmod() throws IOException {
        out.writeByte('R');
        out.writeInt(16384);
        cstring("public");
        cstring("t");
        out.writeByte('f');
        out.writeShort(2);
        out.writeByte(1);
        cstring("id");
        out.writeInt(23);
        out.writeInt(-1);
        out.writeByte(0);
        cstring("amount");
        out.writeInt(1700);
        out.writeInt((10 << 16 | 2) + 4);
        Relation relation = (Relation) decode();
        assertThat(relation.qualifiedName()).isEqualTo("public.t");
        assertThat(relation.replicaIdentity()).isEqualTo('f');
        assertThat(relation.columns()).containsExactly(new Column(true, "id", 23, -1),
                new Column(false, "amount", 1700, 655366));
    }

    @Test
    void type() throws IOException {
        out.writeByte('Y');
        out.writeInt(16400);
        cstring("public");
        cstring("mood");
        assertThat(decode()).isEqualTo(new Type(16400, "public", "mood"));
    }

    @Test
    void insertWithNullUnchangedToastAndText() throws IOException {
        out.writeByte('I');
        out.writeInt(16384);
        out.writeByte('N');
        out.writeShort(3);
        text("4");
        out.writeByte('n');
        out.writeByte('u');
        Insert insert = (Insert) decode();
        assertThat(insert.relationId()).isEqualTo(16384);
        assertThat(insert.newTuple().values()).containsExactly(TupleValue.text("4"), TupleValue.NULL,
                TupleValue.UNCHANGED_TOAST);
    }

    @Test
    void updateWithFullOldRowAndWithout() throws IOException {
        out.writeByte('U');
        out.writeInt(7);
        out.writeByte('O');
        out.writeShort(1);
        text("one");
        out.writeByte('N');
        out.writeShort(1);
        text("ONE");
        Update update = (Update) decode();
        assertThat(update.oldTuple()).hasValueSatisfying(old -> {
            assertThat(old.kind()).isEqualTo(OldKind.OLD_ROW);
            assertThat(old.tuple().get(0).asText()).isEqualTo("one");
        });
        assertThat(update.newTuple().get(0).asText()).isEqualTo("ONE");
        bytes.reset();
        out.writeByte('U');
        out.writeInt(7);
        out.writeByte('N');
        out.writeShort(1);
        text("só");
        Update plain = (Update) decode();
        assertThat(plain.oldTuple()).isEmpty();
        assertThat(plain.newTuple().get(0).asText()).isEqualTo("só");
    }

    @Test
    void deleteByKey() throws IOException {
        out.writeByte('D');
        out.writeInt(7);
        out.writeByte('K');
        out.writeShort(1);
        text("2");
        Delete delete = (Delete) decode();
        assertThat(delete.oldTuple().kind()).isEqualTo(OldKind.KEY);
        assertThat(delete.oldTuple().tuple().get(0).asText()).isEqualTo("2");
    }

    @Test
    void truncateWithOptions() throws IOException {
        out.writeByte('T');
        out.writeInt(2);
        out.writeByte(3);
        out.writeInt(16384);
        out.writeInt(16390);
        Truncate truncate = (Truncate) decode();
        assertThat(truncate.relationIds()).containsExactly(16384, 16390);
        assertThat(truncate.cascade()).isTrue();
        assertThat(truncate.restartIdentity()).isTrue();
    }

    @Test
    void logicalMessage() throws IOException {
        out.writeByte('M');
        out.writeByte(1);
        out.writeLong(0x1507980L);
        cstring("probe");
        out.writeInt(5);
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        Message message = (Message) decode();
        assertThat(message.transactional()).isTrue();
        assertThat(message.lsn()).hasToString("0/1507980");
        assertThat(message.prefix()).isEqualTo("probe");
        assertThat(new String(message.content(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void rejectsUnknownTruncatedAndTrailingBytes() {
        assertThatThrownBy(() -> PgOutputDecoder.decode(new byte[] {'S', 0, 0, 0, 1}))
                .hasMessageContaining("unexpected logical replication message 'S'");
        assertThatThrownBy(() -> PgOutputDecoder.decode(new byte[] {'B', 0, 0}))
                .hasMessage("truncated pgoutput message");
        assertThatThrownBy(() -> PgOutputDecoder.decode(new byte[] {'Y', 0, 0, 0, 1, 'a', 0, 'b', 0, 9}))
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void lsnParsesPrintsAndOrdersUnsigned() {
        assertThat(Lsn.parse("0/1506570").value()).isEqualTo(0x1506570L);
        assertThat(Lsn.parse("16/b374d848")).hasToString("16/B374D848");
        Lsn high = Lsn.parse("FFFFFFFF/0");
        assertThat(high.value()).isNegative();
        assertThat(high).isGreaterThan(Lsn.parse("7FFFFFFF/FFFFFFFF"));
        assertThat(List.of(high, Lsn.parse("0/1")).stream().sorted().toList()).containsExactly(Lsn.parse("0/1"), high);
        assertThat(Lsn.INVALID.isValid()).isFalse();
        assertThatThrownBy(() -> Lsn.parse("12345")).hasMessageContaining("pg_lsn");
    }

    private void cstring(String value) throws IOException {
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    private void text(String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte('t');
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private PgOutputMessage decode() throws IOException {
        out.flush();
        return PgOutputDecoder.decode(bytes.toByteArray());
    }
}
