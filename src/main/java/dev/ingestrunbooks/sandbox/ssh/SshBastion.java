package dev.ingestrunbooks.sandbox.ssh;

import dev.ingestrunbooks.sandbox.network.AdmissionRule;
import dev.ingestrunbooks.sandbox.network.TcpFront;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH bastion of an emulated EC2 instance: a real SSH server (Apache MINA SSHD) that Materialize's SSH tunnel
 * (and any SSH client) can log in to and forward through, as section B's SSH tab of the guide sets it up.
 *
 * <p>Parts: a MINA {@link SshServer} on an internal loopback address and ephemeral port, reachable only through a
 * {@link TcpFront} on the instance's public IP whose {@link AdmissionRule} the caller supplies (the sandbox passes
 * "the instance's security group admits this source on the SSH port"); refused clients are dropped silently.
 * Ports below 1024 cannot be bound without root, so the public port is ephemeral (or given) and reported by
 * {@link #port()}, not 22.
 *
 * <p>Behaviour: public-key authentication only, against each user's {@code ~/.ssh/authorized_keys}, a real 0600 file
 * in a private temporary directory re-read whenever it changes. Users are created with one initial key, as EC2 puts
 * the launch key pair's public key into {@code ec2-user}'s file. No interactive shell and no subsystems (no SFTP):
 * exec requests go to a <em>restricted shell</em> that only manages the user's authorized keys
 * ({@code cat >> ~/.ssh/authorized_keys}, {@code echo '<key>' >> ~/.ssh/authorized_keys},
 * {@code cat ~/.ssh/authorized_keys} and a few companions, see {@link RestrictedCommandLine}) and answers anything
 * else, a shell request included, with a message and exit status 127. Local port forwarding ({@code direct-tcpip})
 * is allowed and its outbound connections leave from the instance's private IP ({@link PrivateAddressDirectTcpip});
 * remote forwarding, agent and X11 forwarding are refused.
 *
 * <p>Limits: one host key (Ed25519, generated in memory unless given); no {@code sudo}, no other files; a moved
 * public IP ({@link #moveTo}) leaves already-established sessions up. Private keys never pass through this class
 * except the host key, which is never logged.
 */
public final class SshBastion implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshBastion.class);

    private final String name;
    private final InetAddress privateAddress;
    private final KeyPair hostKey;
    private final AuthorizedKeysStore store;
    private final SshServer server;
    private final TcpFront front;
    private volatile boolean closed;

    private SshBastion(Builder builder) throws IOException {
        this.name = builder.name;
        this.privateAddress = builder.privateAddress;
        this.hostKey = builder.hostKey != null ? builder.hostKey : generateHostKey();
        this.store = new AuthorizedKeysStore();
        SshServer sshd = null;
        TcpFront started = null;
        try {
            builder.users.forEach(store::addUser);
            sshd = configure(builder.internalAddress);
            sshd.start();
            InetSocketAddress internal = boundAddress(sshd);
            started = TcpFront.builder("bastion-" + name).bindAddress(builder.publicAddress.getHostAddress())
                    .bindPort(builder.port).backend(internal).admissionRule(builder.rule)
                    .holdCap(builder.holdCap).start();
        } catch (IOException | RuntimeException e) {
            if (sshd != null) {
                sshd.stop(true);
            }
            store.close();
            throw e;
        }
        this.server = sshd;
        this.front = started;
        LOG.info("bastion {} listening on {} (private {}), users {}", name, front.endpoint(),
                privateAddress.getHostAddress(), builder.users.keySet());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private SshServer configure(InetAddress internalAddress) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(internalAddress.getHostAddress());
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshd.setPublickeyAuthenticator(store::authenticate);
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        RestrictedShell shell = new RestrictedShell(store);
        sshd.setShellFactory(shell);
        sshd.setSubsystemFactories(List.of());
        sshd.setCommandFactory(shell);
        sshd.setForwardingFilter(LocalForwardingOnly.INSTANCE);
        sshd.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE,
                new PrivateAddressDirectTcpip(privateAddress)));
        return sshd;
    }

    private static InetSocketAddress boundAddress(SshServer sshd) {
        for (SocketAddress address : sshd.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet;
            }
        }
        throw new IllegalStateException("the SSH server is bound to no address");
    }

    private static KeyPair generateHostKey() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 host key (is net.i2p.crypto:eddsa present?)",
                    e);
        }
    }

    public String name() {
        return name;
    }

    /** The instance's current public IP, where clients connect. */
    public String publicAddress() {
        return front.address();
    }

    /** The public SSH port (ephemeral unless the builder gave one; stays the same across {@link #moveTo}). */
    public int port() {
        return front.port();
    }

    public InetSocketAddress endpoint() {
        return front.endpoint();
    }

    /** The instance's private IP, the source address of forwarded connections. */
    public String privateAddress() {
        return privateAddress.getHostAddress();
    }

    /** The host's public key, for clients that verify it (a known_hosts entry). */
    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The host key as an OpenSSH public-key line ({@code ssh-ed25519 AAAA...}). */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /**
     * Moves the public endpoint to {@code newPublicIp} keeping the port, as associating an Elastic IP does; the old
     * address stops answering at once.
     */
    public void moveTo(String newPublicIp) {
        front.rebind(newPublicIp);
    }

    /** Replaces the admission rule for new connections. */
    public void setAdmissionRule(AdmissionRule rule) {
        front.setAdmissionRule(rule);
    }

    /** Adds a user with one authorized key (an OpenSSH public-key line), as cloud-init would. */
    public void addUser(String user, String authorizedKey) {
        store.addUser(user, authorizedKey);
    }

    /** The user's authorized keys as they are now: the file's non-blank, non-comment lines. */
    public List<String> authorizedKeys(String user) {
        return store.keys(user);
    }

    /** The private directory holding the users' homes; deleted by {@link #close()}. For tests. */
    Path homeRoot() {
        return store.root();
    }

    /** Stops the server (ending every session and forwarded connection), the front, and deletes the homes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        front.close();
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.debug("bastion {}: stop: {}", name, e.toString());
        }
        store.close();
        LOG.info("bastion {} closed", name);
    }

    private static InetAddress address(String what, String address) {
        try {
            return InetAddress.getByName(Objects.requireNonNull(address, what));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " is not an address: " + address, e);
        }
    }

    /** Configuration; {@link #start()} binds and returns the running bastion. */
    public static final class Builder {
        private final String name;
        private InetAddress publicAddress;
        private InetAddress privateAddress;
        private InetAddress internalAddress = InetAddress.getLoopbackAddress();
        private int port;
        private AdmissionRule rule = AdmissionRule.admitAll();
        private Duration holdCap = Duration.ofMinutes(2);
        private KeyPair hostKey;
        private final Map<String, String> users = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The instance's public IP, e.g. {@code 127.0.200.5}. Required. */
        public Builder publicAddress(String address) {
            this.publicAddress = address("public address", address);
            return this;
        }

        /** The instance's private IP, e.g. {@code 127.0.16.4}, the source of forwarded connections. Required. */
        public Builder privateAddress(String address) {
            this.privateAddress = address("private address", address);
            return this;
        }

        /** Where the SSH server itself listens, behind the front (default 127.0.0.1, ephemeral port). */
        public Builder internalAddress(String address) {
            this.internalAddress = address("internal address", address);
            return this;
        }

        /** The public port (default 0: any free port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Who may reach the public endpoint (default: everyone); refused clients are dropped silently. */
        public Builder admissionRule(AdmissionRule rule) {
            this.rule = Objects.requireNonNull(rule);
            return this;
        }

        /** How long a dropped client is held before its socket is closed (default 2 minutes). */
        public Builder dropHoldCap(Duration cap) {
            this.holdCap = Objects.requireNonNull(cap);
            return this;
        }

        /** The host key (default: a new Ed25519 key from {@code KeyUtils.generateKeyPair("ssh-ed25519", 256)}). */
        public Builder hostKey(KeyPair hostKey) {
            this.hostKey = hostKey;
            return this;
        }

        /**
         * A user whose {@code ~/.ssh/authorized_keys} starts with {@code authorizedKey}, one OpenSSH public-key line
         * such as EC2's launch key pair ({@code ec2-user}). At least one user is required.
         */
        public Builder user(String user, String authorizedKey) {
            AuthorizedKeysStore.requirePublicKeyLine(user, authorizedKey);
            if (users.putIfAbsent(user, authorizedKey) != null) {
                throw new IllegalArgumentException("user " + user + " given twice");
            }
            return this;
        }

        public SshBastion start() {
            Objects.requireNonNull(publicAddress, "publicAddress");
            Objects.requireNonNull(privateAddress, "privateAddress");
            if (users.isEmpty()) {
                throw new IllegalStateException("a bastion needs at least one user");
            }
            try {
                return new SshBastion(this);
            } catch (IOException e) {
                throw new UncheckedIOException("bastion " + name + " cannot start", e);
            }
        }
    }
}
