package dev.ingestrunbooks.sandbox.materialize.pgwire;

import dev.ingestrunbooks.sandbox.network.MalformedStartupPacketException;
import dev.ingestrunbooks.sandbox.network.StartupPacket;
import dev.ingestrunbooks.sandbox.network.StartupPacketReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its own thread: the startup phase (SSLRequest/GSSENCRequest declined with 'N',
 * CancelRequest, StartupMessage, password, the greeting) and then the read loop that feeds the
 * {@link QueryDispatcher} (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">
 * start-up</a>). A protocol violation ends the connection with a FATAL 08P01 ErrorResponse.
 */
final class ClientConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final Socket socket;
    private final PgWireServer.Settings settings;
    private final CancelKeys cancelKeys;

    ClientConnection(Socket socket, PgWireServer.Settings settings, CancelKeys cancelKeys) {
        this.socket = socket;
        this.settings = settings;
        this.cancelKeys = cancelKeys;
    }

    @Override
    public void run() {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            BackendOutput out = new BackendOutput(socket.getOutputStream());
            StartupPacket.StartupMessage startup = startup(in, out);
            if (startup != null) {
                serve(startup, in, out);
            }
        } catch (IOException e) {
            LOG.debug("pgwire connection ended: {}", e.toString());
        }
    }

    /** Answers encryption requests until the StartupMessage; null when the connection is done (cancel, error). */
    private StartupPacket.StartupMessage startup(InputStream in, BackendOutput out) throws IOException {
        while (true) {
            StartupPacket packet;
            try {
                packet = StartupPacketReader.read(in);
            } catch (MalformedStartupPacketException e) {
                fatal(out, SqlError.protocolViolation(e.getMessage()));
                return null;
            }
            if (packet instanceof StartupPacket.StartupMessage message) {
                return message;
            }
            if (packet instanceof StartupPacket.CancelRequest cancel) {
                cancelKeys.cancel(cancel.raw());
                return null;
            }
            out.send(BackendMessages.declineEncryption());
            out.flush();
        }
    }

    private void serve(StartupPacket.StartupMessage startup, InputStream in, BackendOutput out) throws IOException {
        FrameReader frames = new FrameReader(in, settings.maxMessageSize());
        if (!authenticate(startup.user(), frames, out)) {
            return;
        }
        SqlSession session;
        try {
            session = settings.engine().open(startup.user(), startup.database(), startup.parameters());
        } catch (SqlError e) {
            fatal(out, e);
            return;
        }
        int[] key = cancelKeys.register(session);
        try (session) {
            greet(startup.parameters(), key, out);
            loop(new QueryDispatcher(session, new SessionState(), out), frames, out);
        } finally {
            cancelKeys.unregister(key[0], key[1]);
        }
    }

    private boolean authenticate(String user, FrameReader frames, BackendOutput out) throws IOException {
        if (settings.authenticator() == null) {
            return true;
        }
        out.send(BackendMessages.authenticationCleartextPassword());
        out.flush();
        try {
            Frame frame = frames.next();
            if (frame == null) {
                return false;
            }
            if (!(FrontendDecoder.decode(frame) instanceof FrontendMessage.Password password)) {
                fatal(out, SqlError.protocolViolation("expected password response, got message type " + frame.type()));
                return false;
            }
            if (!settings.authenticator().check(user, password.password())) {
                fatal(out, SqlError.invalidPassword(user));
                return false;
            }
            return true;
        } catch (ProtocolViolationException e) {
            fatal(out, SqlError.protocolViolation(e.getMessage()));
            return false;
        }
    }

    /** AuthenticationOk, the ParameterStatus set, BackendKeyData, ReadyForQuery 'I'. */
    private void greet(Map<String, String> startup, int[] key, BackendOutput out) throws IOException {
        out.send(BackendMessages.authenticationOk());
        for (Map.Entry<String, String> status : settings.parameterStatus(startup).entrySet()) {
            out.send(BackendMessages.parameterStatus(status.getKey(), status.getValue()));
        }
        out.send(BackendMessages.backendKeyData(key[0], key[1]));
        out.send(BackendMessages.readyForQuery(TransactionStatus.IDLE));
        out.flush();
    }

    private static void loop(QueryDispatcher dispatcher, FrameReader frames, BackendOutput out) throws IOException {
        try {
            while (true) {
                Frame frame = frames.next();
                if (frame == null) {
                    return;
                }
                FrontendMessage message = FrontendDecoder.decode(frame);
                if (message instanceof FrontendMessage.Terminate) {
                    return;
                }
                if (message instanceof FrontendMessage.Password) {
                    throw new ProtocolViolationException("unexpected password message");
                }
                dispatcher.handle(message);
            }
        } catch (ProtocolViolationException e) {
            fatal(out, SqlError.protocolViolation(e.getMessage()));
        }
    }

    private static void fatal(BackendOutput out, SqlError error) throws IOException {
        SqlError fatal = new SqlError("FATAL", error.sqlState(), error.getMessage(), error.detail(), error.hint());
        out.send(BackendMessages.errorResponse(fatal));
        out.flush();
    }
}
