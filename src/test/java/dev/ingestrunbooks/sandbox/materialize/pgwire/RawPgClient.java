package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a minimal hand-written frontend that sends raw messages and reads backend messages as
 * {@code type + body} strings (ISO-8859-1, NUL shown as {@code |}), so tests can assert the exact flow.
 */
final class RawPgClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final List<String> greeting;

    RawPgClient(int port, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String s : new String[] {"user", "u", "database", "d", ""}) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        send(ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(196608).put(body.toByteArray())
                .array());
        String auth = read();
        if (auth.equals("R|||\u0003")) {
            send(message('p', cString(password)));
        }
        greeting = readUntilReady();
    }

    /** What the server sent after authentication, up to the first ReadyForQuery. */
    List<String> greeting() {
        return greeting;
    }

    static byte[] message(char type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return ByteBuffer.allocate(5 + body.size()).put((byte) type).putInt(4 + body.size()).put(body.toByteArray())
                .array();
    }

    static byte[] cString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0).array();
    }

    static byte[] int16(int value) {
        return ByteBuffer.allocate(2).putShort((short) value).array();
    }

    static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    void send(byte[]... messages) throws IOException {
        for (byte[] message : messages) {
            socket.getOutputStream().write(message);
        }
        socket.getOutputStream().flush();
    }

    String read() throws IOException {
        char type = (char) in.readUnsignedByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return type + new String(body, StandardCharsets.ISO_8859_1).replace('\0', '|');
    }

    /** Every message up to and including the next ReadyForQuery. */
    List<String> readUntilReady() throws IOException {
        List<String> messages = new ArrayList<>();
        String message;
        do {
            message = read();
            messages.add(message);
        } while (message.charAt(0) != 'Z');
        return messages;
    }

    /** A simple Query and its whole answer. */
    List<String> query(String sql) throws IOException {
        send(message('Q', cString(sql)));
        return readUntilReady();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
