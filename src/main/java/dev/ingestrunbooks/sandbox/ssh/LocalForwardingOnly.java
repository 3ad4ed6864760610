package dev.ingestrunbooks.sandbox.ssh;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * The bastion's forwarding policy: local forwarding ({@code direct-tcpip}, what an SSH tunnel to a database uses) to
 * any target; no remote forwarding ({@code tcpip-forward}), no agent forwarding, no X11.
 */
final class LocalForwardingOnly implements ForwardingFilter {

    static final LocalForwardingOnly INSTANCE = new LocalForwardingOnly();

    private LocalForwardingOnly() {
    }

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return type == Type.Direct;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return false;
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }
}
