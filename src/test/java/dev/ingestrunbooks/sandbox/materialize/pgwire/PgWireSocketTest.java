package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw bytes over a real socket against a server with a scripted engine: startup, greeting, broken clients. */
class PgWireSocketTest {

    private PgWireServer server;

    @BeforeEach
    void start() {
        server = new PgWireServer((user, database, startup) -> new FakeSqlSession()).withMaxMessageSize(1024).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.host(), server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] startupMessage() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String s : new String[] {"user", "u", "database", "d", "application_name", "app"}) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(196608).put(body.toByteArray())
                .array();
    }

    /** Reads one backend message: type and body. */
    private static String readMessage(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        char type = (char) data.readUnsignedByte();
        byte[] body = new byte[data.readInt() - 4];
        data.readFully(body);
        return type + new String(body, StandardCharsets.ISO_8859_1).replace('\0', '|');
    }

    private static void readGreeting(InputStream in) throws IOException {
        String message;
        do {
            message = readMessage(in);
        } while (message.charAt(0) != 'Z');
    }

    @Test
    void declinesSslAndGssEncryptionThenGreetsWithParameterStatusKeyDataAndReady() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(Hex.bytes("00000008 04d2162f"));
            assertThat(in.read()).isEqualTo('N');
            socket.getOutputStream().write(Hex.bytes("00000008 04d21630"));
            assertThat(in.read()).isEqualTo('N');
            socket.getOutputStream().write(startupMessage());

            assertThat(readMessage(in)).isEqualTo("R\0\0\0\0".replace('\0', '|'));
            assertThat(readMessage(in)).isEqualTo("Sapplication_name|app|");
            assertThat(readMessage(in)).isEqualTo("Sclient_encoding|UTF8|");
            assertThat(readMessage(in)).isEqualTo("SDateStyle|ISO, MDY|");
            assertThat(readMessage(in)).isEqualTo("Sinteger_datetimes|on|");
            assertThat(readMessage(in)).isEqualTo("SIntervalStyle|postgres|");
            assertThat(readMessage(in)).isEqualTo("Sis_superuser|off|");
            assertThat(readMessage(in)).isEqualTo("Sserver_encoding|UTF8|");
            assertThat(readMessage(in)).isEqualTo("Sserver_version|9.5.0|");
            assertThat(readMessage(in)).isEqualTo("Sstandard_conforming_strings|on|");
            assertThat(readMessage(in)).isEqualTo("STimeZone|UTC|");
            assertThat(readMessage(in)).startsWith("K").hasSize(9);
            assertThat(readMessage(in)).isEqualTo("ZI");
        }
    }

    @Test
    void unknownMessageTypeIsAFatalProtocolViolationAndCloses() throws IOException {
        assertFatalProtocolViolation(Hex.bytes("21 00000004"), "invalid frontend message type 33");
    }

    @Test
    void badLengthIsAFatalProtocolViolationAndCloses() throws IOException {
        assertFatalProtocolViolation(Hex.bytes("51 00000002"), "invalid message length 2 for message type 'Q'");
        assertFatalProtocolViolation(Hex.bytes("51 7ffffff0"), "invalid message length 2147483632 for message type 'Q'");
    }

    @Test
    void malformedStartupPacketIsAFatalProtocolViolation() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(Hex.bytes("00000008 00020000"));
            assertThat(readMessage(socket.getInputStream())).startsWith("ESFATAL|VFATAL|C08P01|");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void cancelRequestWithAnUnknownKeyIsIgnoredAndClosed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(Hex.bytes("00000010 04d2162e 00000001 00000002"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void configuredServerVersionAndTrustNeedNoPassword() throws IOException {
        try (PgWireServer other = new PgWireServer((user, database, startup) -> new FakeSqlSession())
                .withServerVersion("0.99.0").start();
             Socket socket = new Socket(other.host(), other.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(startupMessage());
            InputStream in = socket.getInputStream();
            assertThat(readMessage(in)).isEqualTo("R||||");
            String message;
            do {
                message = readMessage(in);
            } while (!message.startsWith("Sserver_version"));
            assertThat(message).isEqualTo("Sserver_version|0.99.0|");
        }
    }

    @Test
    void terminateClosesTheConnection() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(startupMessage());
            readGreeting(socket.getInputStream());
            socket.getOutputStream().write(Hex.bytes("58 00000004"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private void assertFatalProtocolViolation(byte[] frame, String message) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(startupMessage());
            readGreeting(socket.getInputStream());
            socket.getOutputStream().write(frame);
            assertThat(readMessage(socket.getInputStream()))
                    .isEqualTo("ESFATAL|VFATAL|C08P01|M" + message + "||");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
