package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
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
 * <p>Made once per JVM, on first use, with the JDK's own {@code keytool} run as a process (no crypto dependency):
 * an EC P-256 CA key pair in a PKCS#12 store and a server key pair (in parallel), a certificate request, and the
 * server certificate signed by the CA with {@code subjectAltName} {@link #SERVER_NAMES}, written as PEM. The CA's
 * certificate is read from its store in Java and written as PEM; the server key is read back from its store and written as PKCS#8 PEM with mode 0600, as PostgreSQL requires of
 * {@code ssl_key_file}. Both stores (the CA's private key included) are deleted as soon as the PEM files exist: the
 * CA can sign nothing after that, and its key never leaves the JVM's temporary directory nor reaches a log. The
 * store password is random and reaches keytool through its environment, never its command line. The work takes about
 * 2 to 3 s on an idle machine (four keytool runs in three rounds, each a JVM start); {@link #prefetch()} starts it in the background so that it
 * overlaps the first initdb.
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

    /** The names the server certificate is valid for: what sandbox endpoints report as their host. */
    public static final List<String> SERVER_NAMES = List.of("dns:localhost", "ip:127.0.0.1",
            "ip:" + AuroraCluster.READER_ADDRESS.getHostAddress());
    private static final String CA_NAME = "CN=ingest-runbooks sandbox RDS CA, O=ingest-runbooks";
    private static final String SERVER_NAME = "CN=localhost, O=ingest-runbooks sandbox";
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
        return Map.of("ssl", "on", "ssl_cert_file", serverCertificate.toString(),
                "ssl_key_file", serverKey.toString());
    }

    private static SandboxTls generate() {
        long started = System.nanoTime();
        SandboxDirectory directory = SandboxDirectory.create("tls");
        Runtime.getRuntime().addShutdownHook(new Thread(directory::close, "ingest-runbooks-tls-cleanup"));
        Path root = directory.root();
        Path caStore = root.resolve("ca.p12");
        Path serverStore = root.resolve("server.p12");
        char[] password = randomPassword();
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            CompletableFuture<Void> ca = CompletableFuture.runAsync(() -> keytool(root, password, "-genkeypair",
                    "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", CA_NAME, "-validity", "3650",
                    "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign", "-keystore", caStore.toString()));
            keytool(root, password, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", SERVER_NAME, "-validity", "825", "-keystore", serverStore.toString());
            keytool(root, password, "-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-file",
                    root.resolve("server.csr").toString());
            ca.join();
            keytool(root, password, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile",
                    root.resolve("server.csr").toString(), "-outfile", root.resolve("server.crt").toString(), "-rfc",
                    "-validity", "825", "-ext", "san=" + String.join(",", SERVER_NAMES), "-ext", "eku=serverAuth",
                    "-ext", "ku:c=digitalSignature,keyAgreement");
            Path key = root.resolve("server.key");
            writePrivateKey(serverStore, password, key);
            Files.writeString(root.resolve("root.crt"), caCertificatePem(caStore, password), StandardCharsets.US_ASCII);
            Files.delete(caStore);
            Files.delete(serverStore);
            Files.deleteIfExists(root.resolve("server.csr"));
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            String caPem = Files.readString(root.resolve("root.crt"), StandardCharsets.US_ASCII);
            LOG.info("sandbox TLS: CA and server certificate for {} made in {} ms", SERVER_NAMES,
                    (System.nanoTime() - started) / 1_000_000);
            return new SandboxTls(root.resolve("root.crt"), root.resolve("server.crt"), key, caPem);
        } catch (IOException e) {
            directory.close();
            throw new UncheckedIOException("cannot make the sandbox TLS certificates", e);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Writes the PKCS#12 store's server key as PKCS#8 PEM, mode 0600 from its creation. */
    private static void writePrivateKey(Path store, char[] password, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            Key key = keyStore.getKey("server", password);
            String pem = pem("PRIVATE KEY", key.getEncoded());
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(target, pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the sandbox server key back (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** DER bytes in PEM armor (RFC 7468): the label's BEGIN line, base64 in lines of 64, the END line. */
    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The CA's certificate (only the certificate: its private key is never read) as PEM. */
    private static String caCertificatePem(Path store, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            return pem("CERTIFICATE", keyStore.getCertificate("ca").getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the sandbox CA certificate (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** Runs {@code keytool} with the store password in its environment; a failure says which step, never the key. */
    private static void keytool(Path directory, char[] password, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: skip C2 and the parallel GC, which halves keytool's start-up
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", "SANDBOX_TLS_STOREPASS", "-noprompt"));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass:env", "SANDBOX_TLS_STOREPASS"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("SANDBOX_TLS_STOREPASS", new String(password));
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool " + arguments[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool " + arguments[0], e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
