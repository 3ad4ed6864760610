package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A POSTGRES connection's TLS options as Materialize applies them to its upstream sessions: {@code SSL MODE} and
 * {@code SSL CERTIFICATE AUTHORITY} (the CA's PEM, from text or a secret).
 *
 * <ul>
 *   <li>{@code disable} (Materialize's default): plain text; a server with {@code rds.force_ssl=1} refuses it with
 *       PostgreSQL's own {@code no pg_hba.conf entry … no encryption}, which Materialize shows as
 *       {@code db error: FATAL: …};</li>
 *   <li>{@code require}: encrypted, the server's certificate not checked (as libpq's {@code require}, and
 *       Materialize's, when no CA is given);</li>
 *   <li>{@code verify_ca}: encrypted, the certificate must chain to the CA;</li>
 *   <li>{@code verify_full}: as {@code verify_ca}, and the certificate must name the connection's {@code HOST}, also
 *       through an SSH tunnel or PrivateLink endpoint, where the socket goes elsewhere.</li>
 * </ul>
 * Without a CA, {@code verify_ca} and {@code verify_full} trust nothing the sandbox could present (Materialize would
 * use the system's public roots, which never sign a sandbox or RDS-private certificate), so they fail as
 * {@code certificate verify failed}.
 *
 * @param mode           normalized as the planner keeps it: {@code disable}, {@code require}, {@code verify_ca},
 *                       {@code verify_full}
 * @param certificateAuthority the CA's PEM text, if given; public data, but never logged
 */
public record UpstreamTls(String mode, Optional<String> certificateAuthority) {

    public static final UpstreamTls DISABLED = new UpstreamTls("disable", Optional.empty());

    public UpstreamTls {
        mode = Objects.requireNonNull(mode, "mode").toLowerCase(Locale.ROOT).replace('-', '_');
        certificateAuthority = Objects.requireNonNullElse(certificateAuthority, Optional.<String>empty())
                .filter(pem -> !pem.isBlank());
        if (!java.util.Set.of("disable", "require", "verify_ca", "verify_full").contains(mode)) {
            throw new IllegalArgumentException("unknown SSL MODE " + mode);
        }
    }

    /** From the planner's options; a null mode is Materialize's default, {@code disable}. */
    public static UpstreamTls of(String mode, String certificateAuthority) {
        return new UpstreamTls(mode == null ? "disable" : mode, Optional.ofNullable(certificateAuthority));
    }

    public boolean encrypted() {
        return !"disable".equals(mode);
    }

    /** Whether the server's certificate is checked against a CA. */
    public boolean verifies() {
        return mode.startsWith("verify");
    }

    @Override
    public String toString() {
        return "UpstreamTls[" + mode + (certificateAuthority.isPresent() ? ", with CA" : "") + "]";
    }
}
