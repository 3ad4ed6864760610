package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BackendKeyData of the server's live sessions, so a CancelRequest (on a connection of its own) can find the
 * session to cancel (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS">
 * canceling requests</a>). Process ids are made up, counting from 1000; secret keys are random.
 */
final class CancelKeys {

    private final Map<Long, SqlSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1000);
    private final SecureRandom random = new SecureRandom();

    /** A key for a new session: {@code int[] {process id, secret key}}. */
    int[] register(SqlSession session) {
        int pid = nextPid.getAndIncrement();
        int secret = random.nextInt();
        sessions.put(key(pid, secret), session);
        return new int[] {pid, secret};
    }

    void unregister(int pid, int secret) {
        sessions.remove(key(pid, secret));
    }

    /**
     * CancelRequest layout: {@code int32 16, int32 80877102, int32 process id, int32 secret key}. An unknown key
     * is ignored, as PostgreSQL ignores it.
     */
    void cancel(byte[] cancelRequest) {
        ByteBuffer packet = ByteBuffer.wrap(cancelRequest);
        SqlSession session = sessions.get(key(packet.getInt(8), packet.getInt(12)));
        if (session != null) {
            session.cancel();
        }
    }

    private static long key(int pid, int secret) {
        return ((long) pid << 32) | (secret & 0xFFFFFFFFL);
    }
}
