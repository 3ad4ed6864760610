package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The pgJDBC {@code sslfactory} of the emulator's TLS upstream sessions. {@code require} trusts any certificate
 * (encryption without verification, as pgJDBC's and libpq's {@code require}). {@code verify_ca} and
 * {@code verify_full} trust exactly the certificates of the connection's {@code SSL CERTIFICATE AUTHORITY} (an
 * in-memory trust store; nothing is written to disk) and, for {@code verify_full}, check the server's certificate
 * against the connection's {@code HOST} with JSSE's endpoint identification ({@code HTTPS} rules: DNS names and IP addresses in
 * {@code subjectAltName}). The host is checked here rather than by pgJDBC because through an SSH tunnel or a
 * PrivateLink endpoint pgJDBC only knows the local forwarder's address, while Materialize checks the name the
 * connection was given.
 *
 * <p>Without a CA a verifying mode trusts the JDK's public roots, which never sign a sandbox certificate. pgJDBC
 * instantiates the factory with its {@code sslfactoryarg}: {@link #argument} encodes the mode, the host to check
 * (empty but for {@code verify_full}) and the CA's PEM.
 *
 * <p>Every session offers ChaCha20-Poly1305 first ({@link #chacha20First}). The JVM's AES-GCM is pure Java until
 * C2 compiles it with the CPU's AES instructions; a JVM that stays with C1 (the tests') decrypted about 19 MB/s of
 * AES-GCM and 110-145 MB/s of ChaCha20-Poly1305, and the replication stream and snapshots are the bulk of the
 * emulator's reading. A server that chooses by its own preference (PostgreSQL's default
 * {@code ssl_prefer_server_ciphers = on}) still picks AES; the sandbox's servers let the client choose.
 * Limits: no client certificates ({@code SSL CERTIFICATE}/{@code SSL KEY}).
 */
public final class UpstreamSslFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String expectedHost;

    /** Called by pgJDBC with the {@code sslfactoryarg} made by {@link #argument}. */
    public UpstreamSslFactory(String argument) throws GeneralSecurityException, IOException {
        String[] parts = argument.split("\n", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("sslfactoryarg is not mode, host and CA on their own lines");
        }
        this.expectedHost = parts[1];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, "require".equals(parts[0]) ? new TrustManager[] {new AnyCertificate()}
                : trustManagers(parts[2]), null);
        this.delegate = context.getSocketFactory();
    }

    private static TrustManager[] trustManagers(String pem) throws GeneralSecurityException, IOException {
        KeyStore trust = null; // no CA given: the JDK's public roots, as Materialize falls back to the system's
        if (!pem.isBlank()) {
            trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /**
     * The {@code sslfactoryarg}: the mode ({@code require}, {@code verify_ca} or {@code verify_full}), the host
     * {@code verify_full} checks (empty: none) and the CA's PEM (empty: none), each on its own line.
     */
    static String argument(String mode, String hostToVerify, String caPem) {
        return mode + "\n" + (hostToVerify == null ? "" : hostToVerify) + "\n" + (caPem == null ? "" : caPem);
    }

    /** The enabled cipher suites with the ChaCha20-Poly1305 ones moved to the front, the rest in their order. */
    private static String[] chacha20First(String[] enabled) {
        return Stream.concat(Arrays.stream(enabled).filter(s -> s.contains("CHACHA20")),
                Arrays.stream(enabled).filter(s -> !s.contains("CHACHA20"))).toArray(String[]::new);
    }

    /** pgJDBC layers TLS over its connected socket: the session's peer name is the expected host, then checked. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) delegate.createSocket(socket, expectedHost.isEmpty() ? host : expectedHost, port,
                autoClose);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setCipherSuites(chacha20First(parameters.getCipherSuites()));
        if (!expectedHost.isEmpty()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(parameters);
        return ssl;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }

    /** {@code require}: encrypted, not verified (what pgJDBC's {@code NonValidatingFactory} does). */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
