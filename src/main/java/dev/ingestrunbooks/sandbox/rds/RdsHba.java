package dev.ingestrunbooks.sandbox.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code pg_hba.conf} of a sandbox RDS/Aurora server, which is how the sandbox honours {@code rds.force_ssl}.
 *
 * <p>Every login needs its password (SCRAM), replication included. With {@code rds.force_ssl=1} the client lines are
 * {@code hostssl} only, so a plain-text client gets PostgreSQL's own
 * {@code no pg_hba.conf entry for host "127.0.0.1", user "…", database "…", no encryption}, which is what RDS answers
 * (RDS implements the parameter the same way). The internal admin login ({@code rdsadmin}, never handed out) keeps a
 * plain-text line from 127.0.0.1 only, as RDS's own management connections are not subject to the parameter: the
 * sandbox's admin path, the replication role sync and an Aurora reader's WAL stream use it.
 *
 * <p>Limit: the server sees the front proxy's address (127.0.0.1), not the client's, so the host in the message is
 * always 127.0.0.1.
 */
final class RdsHba {

    private RdsHba() {
    }

    static String contents(boolean forceSsl) {
        String client = forceSsl ? "hostssl" : "host   ";
        return "# ingest-runbooks sandbox (RDS-like): every login needs its password, replication included\n"
                + "# rds.force_ssl=" + (forceSsl ? "1: clients must use TLS" : "0: TLS optional") + "\n"
                + "local   all          all                  scram-sha-256\n"
                + "host    all          " + RdsBootstrap.ADMIN_USER + "   127.0.0.1/32   scram-sha-256\n"
                + "host    replication  " + RdsBootstrap.ADMIN_USER + "   127.0.0.1/32   scram-sha-256\n"
                + client + " all          all        127.0.0.0/8    scram-sha-256\n"
                + client + " replication  all        127.0.0.0/8    scram-sha-256\n";
    }

    /**
     * Applies {@code rds.force_ssl} from {@code requested} to a running server at once (file rewritten, server
     * reloaded; returns once new connections see it) and returns {@code current} with that parameter updated.
     */
    static Map<String, String> applyForceSsl(EmbeddedPostgresServer server, Map<String, String> current,
            Map<String, String> requested) {
        boolean forceSsl = RdsParameters.forceSsl(requested);
        Map<String, String> applied = new java.util.HashMap<>(current);
        applied.put(RdsParameters.FORCE_SSL, forceSsl ? "1" : "0");
        write(server.dataDirectory(), forceSsl);
        server.reloadConfiguration();
        return Map.copyOf(applied);
    }

    /** Writes the file into a data directory; a running server reads it at its next start or reload. */
    static void write(Path dataDirectory, boolean forceSsl) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), contents(forceSsl), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }
}
