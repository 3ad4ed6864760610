package dev.ingestrunbooks.sandbox.network;

import java.util.Map;

/**
 * The first packet a PostgreSQL client sends, decoded far enough for a front proxy to route or refuse it.
 *
 * <p>Layout (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">protocol message
 * formats</a>): {@code int32 length (including itself), int32 code, body}. The code is a protocol version
 * (major 3: StartupMessage, body {@code key\0value\0...\0}) or one of the special request codes below.
 * Every variant keeps its raw bytes so the proxy can relay it unchanged.
 */
public sealed interface StartupPacket {

    int SSL_REQUEST_CODE = 80877103;
    int GSSENC_REQUEST_CODE = 80877104;
    int CANCEL_REQUEST_CODE = 80877102;
    int PROTOCOL_3_0 = 196608;

    /** The packet exactly as received, length word included. */
    byte[] raw();

    /** SSLRequest: the client asks for TLS; the proxy relays it to the server, which answers. */
    record SslRequest(byte[] raw) implements StartupPacket {
    }

    /** GSSENCRequest: the client asks for GSSAPI encryption; the proxy answers {@code 'N'}. */
    record GssEncRequest(byte[] raw) implements StartupPacket {
    }

    /** CancelRequest: relayed to the server as is, on a connection of its own. */
    record CancelRequest(byte[] raw) implements StartupPacket {
    }

    /** StartupMessage: protocol version and the parameters (user, database, replication, options...). */
    record StartupMessage(int protocolVersion, Map<String, String> parameters, byte[] raw) implements StartupPacket {

        public StartupMessage {
            parameters = Map.copyOf(parameters);
        }

        public String user() {
            return parameters.getOrDefault("user", "");
        }

        /** The database; like the server, defaults to the user name when absent. */
        public String database() {
            return parameters.getOrDefault("database", user());
        }

        /**
         * Whether this is a replication connection: {@code replication=database} (logical) or a true boolean
         * ({@code true/on/yes/1}, physical); {@code false/off/no/0} or absent means a normal connection.
         */
        public boolean replication() {
            String value = parameters.get("replication");
            if (value == null) {
                return false;
            }
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "false", "off", "no", "0" -> false;
                default -> true;
            };
        }
    }
}
