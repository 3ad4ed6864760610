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
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The pgJDBC {@code sslfactory} of the emulator's {@code verify_ca} / {@code verify_full} upstream sessions: trusts
 * exactly the certificates of the connection's {@code SSL CERTIFICATE AUTHORITY} (an in-memory trust store; nothing
 * is written to disk) and, for {@code verify_full}, checks the server's certificate against the connection's
 * {@code HOST} with JSSE's endpoint identification ({@code HTTPS} rules: DNS names and IP addresses in
 * {@code subjectAltName}). The host is checked here rather than by pgJDBC because through an SSH tunnel or a
 * PrivateLink endpoint pgJDBC only knows the local forwarder's address, while Materialize checks the name the
 * connection was given.
 *
 * <p>Without a CA it trusts the JDK's public roots, which never sign a sandbox certificate. pgJDBC instantiates it with its {@code sslfactoryarg}: {@link #argument} encodes the host to check (empty for
 * {@code verify_ca}) and the CA's PEM. Limits: no client certificates ({@code SSL CERTIFICATE}/{@code SSL KEY}).
 */
public final class UpstreamSslFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String expectedHost;

    /** Called by pgJDBC with the {@code sslfactoryarg} made by {@link #argument}. */
    public UpstreamSslFactory(String argument) throws GeneralSecurityException, IOException {
        int newline = argument.indexOf('\n');
        this.expectedHost = argument.substring(0, newline);
        String pem = argument.substring(newline + 1);
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
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        this.delegate = context.getSocketFactory();
    }

    /** The {@code sslfactoryarg}: the host {@code verify_full} checks (empty: none), a newline, the CA's PEM. */
    static String argument(String hostToVerify, String caPem) {
        return (hostToVerify == null ? "" : hostToVerify) + "\n" + caPem;
    }

    /** pgJDBC layers TLS over its connected socket: the session's peer name is the expected host, then checked. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) delegate.createSocket(socket, expectedHost.isEmpty() ? host : expectedHost, port,
                autoClose);
        if (!expectedHost.isEmpty()) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
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
}
