package dev.ingestrunbooks.sandbox.network;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and decodes one startup-phase packet ({@link StartupPacket}); framing only, no sockets.
 *
 * <p>Limits as in PostgreSQL's {@code ProcessStartupPacket}: the length must be at least 8 and at most
 * 10000 bytes ({@code MAX_STARTUP_PACKET_LENGTH}); a StartupMessage must be protocol major 3 and its
 * parameter list must be NUL-terminated pairs ending in a final NUL.
 */
public final class StartupPacketReader {

    static final int MAX_STARTUP_PACKET_LENGTH = 10_000;

    private StartupPacketReader() {
    }

    /** Reads exactly one packet from the stream; EOF before a full packet is an {@link EOFException}. */
    public static StartupPacket read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            throw new MalformedStartupPacketException("invalid length of startup packet: " + length);
        }
        byte[] packet = new byte[length];
        ByteBuffer.wrap(packet).putInt(length);
        data.readFully(packet, 4, length - 4);
        return parse(packet);
    }

    /** Decodes a complete packet (length word included). */
    public static StartupPacket parse(byte[] packet) throws MalformedStartupPacketException {
        if (packet.length < 8 || ByteBuffer.wrap(packet).getInt() != packet.length) {
            throw new MalformedStartupPacketException("length word does not match packet of " + packet.length + " bytes");
        }
        int code = ByteBuffer.wrap(packet, 4, 4).getInt();
        byte[] raw = packet.clone();
        return switch (code) {
            case StartupPacket.SSL_REQUEST_CODE -> new StartupPacket.SslRequest(raw);
            case StartupPacket.GSSENC_REQUEST_CODE -> new StartupPacket.GssEncRequest(raw);
            case StartupPacket.CANCEL_REQUEST_CODE -> cancel(raw);
            default -> startup(code, raw);
        };
    }

    private static StartupPacket cancel(byte[] raw) throws MalformedStartupPacketException {
        if (raw.length < 16) {
            throw new MalformedStartupPacketException("CancelRequest of " + raw.length + " bytes");
        }
        return new StartupPacket.CancelRequest(raw);
    }

    private static StartupPacket startup(int code, byte[] raw) throws MalformedStartupPacketException {
        if (code >>> 16 != 3) {
            throw new MalformedStartupPacketException(
                    "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF));
        }
        return new StartupPacket.StartupMessage(code, parameters(raw), raw);
    }

    /** Body after the code: {@code key\0value\0 ... \0}. */
    private static Map<String, String> parameters(byte[] raw) throws MalformedStartupPacketException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int[] position = {8};
        while (true) {
            String key = cString(raw, position);
            if (key.isEmpty()) {
                if (position[0] != raw.length) {
                    throw new MalformedStartupPacketException("bytes after the startup packet terminator");
                }
                return parameters;
            }
            parameters.put(key, cString(raw, position));
        }
    }

    private static String cString(byte[] raw, int[] position) throws MalformedStartupPacketException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = position[0]; i < raw.length; i++) {
            if (raw[i] == 0) {
                position[0] = i + 1;
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(raw[i]);
        }
        throw new MalformedStartupPacketException("startup packet parameters are not NUL-terminated");
    }
}
