package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's certificate authority and the one server certificate every sandbox RDS/Aurora endpoint presents, as
 * RDS presents a certificate signed by its regional CA ({@code rds-ca-rsa2048-g1} and friends).
 *
 * <p>Made once per JVM, on first use, in the JVM ({@link X509Writer}; no crypto dependency, no process): two EC P-256
 * key pairs, a self-signed CA certificate, and the server certificate signed by the CA with {@code subjectAltName}
 * {@link #SERVER_NAMES}, both written as PEM. The server key is written as PKCS#8 PEM with mode 0600 from its
 * creation, as PostgreSQL requires of {@code ssl_key_file}. The CA's private key never leaves the JVM's memory and
 * is dropped once the server certificate is signed, so the CA can sign nothing else. The work takes a few
 * milliseconds; {@link #prefetch()} still starts it in the background, where it overlaps the first initdb.
 *
 * <p>Limits: one certificate for all endpoints, so its names are the loopback names any endpoint can have (the
 * Aurora reader's {@code 127.0.2.1} included), not per-instance DNS names like
 * {@code mydb.xxxx.us-east-1.rds.amazonaws.com}; the CA lives as long as the JVM (a fresh one per run), so a CA
 * pinned in a Materialize secret is only good for the run that made it. The server key lives in a
 * {@link SandboxDirectory} (mode 0700 while the stores exist) that a shutdown hook deletes; after a killed JVM the
 * next run's stale-directory sweep removes it.
 */
public final class SandboxTls {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxTls.class);

    private static final List<String> SERVER_DNS_NAMES = List.of("localhost");
    private static final List<InetAddress> SERVER_ADDRESSES = List.of(AuroraCluster.loopback(127, 0, 0, 1),
            AuroraCluster.READER_ADDRESS);
    /** The names the server certificate is valid for: what sandbox endpoints report as their host. */
    public static final List<String> SERVER_NAMES = java.util.stream.Stream.concat(
            SERVER_DNS_NAMES.stream().map(n -> "dns:" + n),
            SERVER_ADDRESSES.stream().map(a -> "ip:" + a.getHostAddress())).toList();
    private static final X509Writer.Name CA_NAME = new X509Writer.Name("ingest-runbooks sandbox RDS CA",
            "ingest-runbooks");
    private static final X509Writer.Name SERVER_NAME = new X509Writer.Name("localhost", "ingest-runbooks sandbox");
    private static volatile CompletableFuture<SandboxTls> instance;

    private final Path caCertificate;
    private final Path serverCertificate;
    private final Path serverKey;
    private final String caPem;

    private SandboxTls(Path caCertificate, Path serverCertificate, Path serverKey, String caPem) {
        this.caCertificate = caCertificate;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
        this.caPem = caPem;
    }

    /** Starts making the certificates in the background, if nobody has yet; returns at once. */
    public static void prefetch() {
        future();
    }

    /** The JVM's certificates, made on first call (callers wait for one generation). */
    public static SandboxTls get() {
        try {
            return future().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static CompletableFuture<SandboxTls> future() {
        CompletableFuture<SandboxTls> current = instance;
        if (current == null) {
            synchronized (SandboxTls.class) {
                if (instance == null) {
                    instance = CompletableFuture.supplyAsync(SandboxTls::generate);
                }
                current = instance;
            }
        }
        return current;
    }

    /** The CA certificate as PEM: what a client trusts ({@code sslrootcert}, Materialize's SSL CERTIFICATE AUTHORITY). */
    public String caPem() {
        return caPem;
    }

    /** The CA certificate's PEM file (mode 0644; public). */
    public Path caCertificateFile() {
        return caCertificate;
    }

    /** Server settings that turn TLS on with the sandbox certificate (paths outside any data directory). */
    public Map<String, String> serverSettings() {
        // the client's cipher preference wins: the JVM clients offer ChaCha20-Poly1305 first, far cheaper than
        // AES-GCM for a JVM without the AES instructions compiled in (docs/postgres.md §8)
        return Map.of("ssl", "on", "ssl_cert_file", serverCertificate.toString(),
                "ssl_key_file", serverKey.toString(), "ssl_prefer_server_ciphers", "off");
    }

    private static SandboxTls generate() {
        long started = System.nanoTime();
        SandboxDirectory directory = SandboxDirectory.create("tls");
        Runtime.getRuntime().addShutdownHook(new Thread(directory::close, "ingest-runbooks-tls-cleanup"));
        Path root = directory.root();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ca = generator.generateKeyPair();
            KeyPair server = generator.generateKeyPair();
            String caPem = pem("CERTIFICATE", X509Writer.certificateAuthority(CA_NAME, ca, 3650));
            String serverPem = pem("CERTIFICATE", X509Writer.server(SERVER_NAME, server.getPublic(),
                    SERVER_DNS_NAMES, SERVER_ADDRESSES, CA_NAME, ca, 825));
            Path key = root.resolve("server.key");
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", server.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(root.resolve("server.crt"), serverPem, StandardCharsets.US_ASCII);
            Files.writeString(root.resolve("root.crt"), caPem, StandardCharsets.US_ASCII);
            LOG.info("sandbox TLS: CA and server certificate for {} made in {} ms", SERVER_NAMES,
                    (System.nanoTime() - started) / 1_000_000);
            return new SandboxTls(root.resolve("root.crt"), root.resolve("server.crt"), key, caPem);
        } catch (IOException e) {
            directory.close();
            throw new UncheckedIOException("cannot make the sandbox TLS certificates", e);
        } catch (GeneralSecurityException e) {
            directory.close();
            throw new IllegalStateException("cannot make the sandbox TLS certificates (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** DER bytes in PEM armor (RFC 7468): the label's BEGIN line, base64 in lines of 64, the END line. */
    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

}
