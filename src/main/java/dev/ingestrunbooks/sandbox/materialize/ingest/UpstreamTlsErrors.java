package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.SQLException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns pgJDBC's TLS failures into the text Materialize reports for them. Materialize's PostgreSQL client is
 * tokio-postgres with rust-openssl: a failed negotiation is tokio-postgres' {@code Kind::Tls}, displayed as
 * {@code error performing TLS handshake}, followed by its cause: OpenSSL's error stack and, for a certificate that
 * does not verify, the X.509 verify result in parentheses (docs/materialize.md, "SSL MODE"):
 *
 * <ul>
 *   <li>certificate not signed by the CA: {@link #UNTRUSTED};</li>
 *   <li>certificate signed by the CA but not naming HOST ({@code verify_full}): {@link #HOSTNAME_MISMATCH};</li>
 *   <li>{@code require} or stricter against a server that answers the SSLRequest with {@code N}: {@link #NO_TLS}.</li>
 * </ul>
 * The failure becomes a {@link TunnelFailure} in namespace {@code postgres}, whose message Materialize's paths show
 * as is (VALIDATE CONNECTION's error, CREATE SOURCE's DETAIL, a source's status). PostgreSQL's own refusals (such as
 * {@code no pg_hba.conf entry … no encryption} under {@code rds.force_ssl=1}) are not TLS failures and pass through
 * unchanged, shown by Materialize as {@code db error: FATAL: …}.
 *
 * <p>Limit: the OpenSSL file and line ({@code ssl/statem/statem_clnt.c:2091}) are those of OpenSSL 3.0; other builds
 * print other numbers. The message never contains certificate or key material.
 */
public final class UpstreamTlsErrors {

    private static final String HANDSHAKE = "error performing TLS handshake: ";
    private static final String VERIFY_FAILED = "error:0A000086:SSL routines:tls_post_process_server_certificate:"
            + "certificate verify failed:ssl/statem/statem_clnt.c:2091:";
    public static final String UNTRUSTED = HANDSHAKE + VERIFY_FAILED + " (unable to get local issuer certificate)";
    public static final String HOSTNAME_MISMATCH = HANDSHAKE + VERIFY_FAILED + " (Hostname mismatch)";
    public static final String NO_TLS = HANDSHAKE + "server does not support TLS";

    private UpstreamTlsErrors() {
    }

    /** The TLS failure in Materialize's words, or {@code e} itself when it is not one. */
    static SQLException translate(SQLException e) {
        if (e instanceof TunnelFailure) {
            return e;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("does not support SSL")) {
            return new TunnelFailure("postgres", NO_TLS);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                boolean name = text.contains("no subject alternative") || text.contains("no name matching");
                return new TunnelFailure("postgres", name ? HOSTNAME_MISMATCH : UNTRUSTED);
            }
        }
        return e;
    }
}
