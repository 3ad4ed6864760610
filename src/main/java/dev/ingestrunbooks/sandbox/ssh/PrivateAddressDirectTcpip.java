package dev.ingestrunbooks.sandbox.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.forward.TcpipServerChannel;

/**
 * The {@code direct-tcpip} channel factory (local port forwarding, {@code ssh -L}) whose outbound connections
 * leave from the bastion's private IP, so that the target (e.g. the database's security-group front) sees the
 * bastion's address as an EC2 instance's traffic inside a VPC would show.
 *
 * <p>How: MINA's server-side forwarding channel, {@link TcpipServerChannel}, connects to the target through the
 * session's {@code IoConnector} with {@code getLocalAddress()} as the local bind address (null by default: the OS
 * chooses). This factory is MINA's own {@code TcpipFactory} for {@link TcpForwardingFilter.Type#Direct} that sets
 * that local address ({@code privateIp:0}) on each channel it creates, before the channel is initialised.
 */
final class PrivateAddressDirectTcpip extends TcpipServerChannel.TcpipFactory {

    private final InetAddress privateAddress;

    PrivateAddressDirectTcpip(InetAddress privateAddress) {
        super(TcpForwardingFilter.Type.Direct);
        this.privateAddress = privateAddress;
    }

    @Override
    public Channel createChannel(Session session) throws IOException {
        Channel channel = super.createChannel(session);
        if (!(channel instanceof TcpipServerChannel tcpip)) {
            throw new IOException("unexpected direct-tcpip channel " + channel.getClass().getName());
        }
        tcpip.setLocalAddress(new InetSocketAddress(privateAddress, 0));
        return channel;
    }
}
