package dev.ingestrunbooks.sandbox.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-level tests of the startup-packet framing, no sockets. */
class StartupPacketReaderTest {

    static byte[] packet(int code, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(code).put(body).array();
    }

    static byte[] pairs(String... keysAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : keysAndValues) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void decodesAStartupMessageWithItsParameters() throws Exception {
        byte[] raw = packet(196608, pairs("user", "materialize", "database", "shop", "replication", "database"));

        StartupPacket packet = StartupPacketReader.read(new ByteArrayInputStream(raw));

        assertThat(packet).isInstanceOfSatisfying(StartupPacket.StartupMessage.class, startup -> {
            assertThat(startup.parameters()).isEqualTo(
                    Map.of("user", "materialize", "database", "shop", "replication", "database"));
            assertThat(startup.replication()).isTrue();
            assertThat(startup.raw()).isEqualTo(raw);
        });
    }

    @Test
    void databaseDefaultsToUserAndReplicationToFalse() throws Exception {
        StartupPacket.StartupMessage startup = (StartupPacket.StartupMessage)
                StartupPacketReader.parse(packet(196608, pairs("user", "app", "replication", "off")));

        assertThat(startup.database()).isEqualTo("app");
        assertThat(startup.replication()).isFalse();
    }

    @Test
    void recognisesTheSpecialRequestCodes() throws Exception {
        assertThat(StartupPacketReader.parse(packet(80877103, new byte[0])))
                .isInstanceOf(StartupPacket.SslRequest.class);
        assertThat(StartupPacketReader.parse(packet(80877104, new byte[0])))
                .isInstanceOf(StartupPacket.GssEncRequest.class);
        assertThat(StartupPacketReader.parse(packet(80877102, new byte[8])))
                .isInstanceOf(StartupPacket.CancelRequest.class);
    }

    @Test
    void rejectsBadLengthsUnknownProtocolsAndBrokenPairs() {
        byte[] tooLong = ByteBuffer.allocate(8).putInt(1_000_000).putInt(196608).array();
        assertThatThrownBy(() -> StartupPacketReader.read(new ByteArrayInputStream(tooLong)))
                .isInstanceOf(MalformedStartupPacketException.class).hasMessageContaining("invalid length");
        byte[] tooShort = ByteBuffer.allocate(8).putInt(4).putInt(0).array();
        assertThatThrownBy(() -> StartupPacketReader.read(new ByteArrayInputStream(tooShort)))
                .isInstanceOf(MalformedStartupPacketException.class);
        assertThatThrownBy(() -> StartupPacketReader.parse(packet(0x00020000, pairs("user", "x"))))
                .isInstanceOf(MalformedStartupPacketException.class).hasMessageContaining("protocol 2.0");
        assertThatThrownBy(() -> StartupPacketReader.parse(packet(196608, "user\0x".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedStartupPacketException.class).hasMessageContaining("NUL-terminated");
        assertThatThrownBy(() -> StartupPacketReader.parse(packet(80877102, new byte[2])))
                .isInstanceOf(MalformedStartupPacketException.class);
    }

    @Test
    void truncatedPacketIsEndOfStream() {
        byte[] truncated = ByteBuffer.allocate(6).putInt(40).putShort((short) 3).array();
        assertThatThrownBy(() -> StartupPacketReader.read(new ByteArrayInputStream(truncated)))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void errorResponseHasPostgresLayout() {
        byte[] bytes = ErrorResponse.fatal("28000", "no");

        byte[] fields = "SFATAL\0VFATAL\0C28000\0Mno\0\0".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).isEqualTo(ByteBuffer.allocate(5 + fields.length).put((byte) 'E')
                .putInt(4 + fields.length).put(fields).array());
    }
}
