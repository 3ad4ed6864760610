package dev.ingestrunbooks.sandbox.rds;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated Aurora PostgreSQL DB cluster: a writer instance ({@link RdsPostgresInstance}, whose parameters
 * come from the DB cluster parameter group) and one reader ({@link AuroraReader}, a real hot standby), each
 * behind its own endpoint. Both are {@link DbEngine}s for the control plane; the master login is the writer's.
 *
 * <p>Rebooting the writer restarts its server with the new settings; the reader reconnects to it and keeps
 * replicating ({@link #writer()}'s reboot returns once the reader has caught up).
 *
 * <p>Limits: one reader; no failover; no shared storage (the reader replays WAL); no cluster endpoint DNS —
 * the writer and reader endpoints are loopback addresses with distinct ports.
 */
public final class AuroraCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuroraCluster.class);

    private final String clusterIdentifier;
    private RdsPostgresInstance writer;
    private AuroraReader reader;
    private boolean closed;

    private AuroraCluster(String clusterIdentifier) {
        this.clusterIdentifier = clusterIdentifier;
    }

    /**
     * Where reader endpoints listen. On Aurora the writer and reader endpoints share the cluster's port and differ by
     * host name; here they share the port and differ by loopback address (writers listen on 127.0.0.1).
     */
    static final InetAddress READER_ADDRESS = loopback(127, 0, 2, 1);

    /** A 127.x.y.z address (no name lookup). */
    static InetAddress loopback(int... octets) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) octets[0], (byte) octets[1], (byte) octets[2],
                    (byte) octets[3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder(String clusterIdentifier) {
        return new Builder(clusterIdentifier);
    }

    private synchronized AuroraCluster start(Builder builder) {
        LOG.info("starting Aurora cluster {} (PostgreSQL {})…", clusterIdentifier, builder.majorVersion);
        long started = System.nanoTime();
        try {
            RdsPostgresInstance.Builder writerBuilder = RdsPostgresInstance.builder(builder.writerIdentifier())
                    .kind("Aurora writer").masterUsername(builder.masterUsername)
                    .postgresMajorVersion(builder.majorVersion).parameters(builder.parameters);
            if (builder.masterPassword != null) {
                writerBuilder.masterPassword(builder.masterPassword);
            }
            writer = writerBuilder.start();
            InetSocketAddress readerEndpoint = new InetSocketAddress(READER_ADDRESS, writer.port());
            reader = new AuroraReader(builder.readerIdentifier(), writer, builder.majorVersion, readerEndpoint).start();
            writer.addRestartListener(reader::followWriter);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Aurora cluster {} available after {} ms: writer {}, reader {}", clusterIdentifier,
                (System.nanoTime() - started) / 1_000_000, writer.endpoint(), reader.endpoint());
        return this;
    }

    public String clusterIdentifier() {
        return clusterIdentifier;
    }

    /** The writer instance; the control plane reboots it with the cluster parameter group's values. */
    public RdsPostgresInstance writer() {
        return writer;
    }

    public AuroraReader reader() {
        return reader;
    }

    public InetSocketAddress writerEndpoint() {
        return writer.endpoint();
    }

    public InetSocketAddress readerEndpoint() {
        return reader.endpoint();
    }

    public Credentials masterCredentials() {
        return writer.masterCredentials();
    }

    /** Stops reader and writer and deletes their data. Idempotent; safe after a failed start. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer.closeAll(reader, writer);
        LOG.info("Aurora cluster {} stopped", clusterIdentifier);
    }

    /** Configuration of a cluster; {@link #start()} creates writer and reader. */
    public static final class Builder extends DatabaseBuilder<Builder> {
        private final String clusterIdentifier;

        private Builder(String clusterIdentifier) {
            this.clusterIdentifier = clusterIdentifier;
        }

        @Override
        Builder self() {
            return this;
        }

        String writerIdentifier() {
            return clusterIdentifier + "-instance-1";
        }

        String readerIdentifier() {
            return clusterIdentifier + "-instance-2";
        }

        public AuroraCluster start() {
            return new AuroraCluster(clusterIdentifier).start(this);
        }
    }
}
