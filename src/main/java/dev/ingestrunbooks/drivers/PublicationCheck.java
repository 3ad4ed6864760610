package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.postgres.PgQuote;
import java.util.List;

/**
 * What guide step A2 leaves behind in the catalog: the publication exists, covers the tables, and every published
 * table has {@code REPLICA IDENTITY FULL} (Materialize needs the full old row of updates and deletes).
 */
public final class PublicationCheck {
    private final UpstreamPostgres upstream;

    public PublicationCheck(UpstreamPostgres upstream) {
        this.upstream = upstream;
    }

    /** The publication's tables as {@code schema.table}; fails naming A2 when it does not exist. */
    public List<String> tables(String publication) {
        String quoted = PgQuote.literal(publication);
        if (upstream.query("SELECT pubname FROM pg_publication WHERE pubname = " + quoted).isEmpty()) {
            throw new RunbookFailure(GuideStep.A2, "publication " + publication + " does not exist");
        }
        return upstream.query("SELECT schemaname || '.' || tablename AS table_name FROM pg_publication_tables"
                + " WHERE pubname = " + quoted + " ORDER BY 1").column("table_name");
    }

    /** Fails naming A2 when the publication is empty or lacks one of {@code expected} ({@code schema.table}). */
    public void covers(String publication, List<String> expected) {
        List<String> published = tables(publication);
        List<String> missing = expected.stream().filter(t -> !published.contains(qualified(t))).toList();
        if (published.isEmpty() || !missing.isEmpty()) {
            throw new RunbookFailure(GuideStep.A2, "publication " + publication + " does not publish "
                    + (published.isEmpty() ? "any table" : String.join(", ", missing)));
        }
    }

    /** Fails naming A2 and the tables when a published table lacks REPLICA IDENTITY FULL. */
    public void replicaIdentityFull(String publication) {
        tables(publication);
        List<String> notFull = upstream.query("SELECT p.schemaname || '.' || p.tablename AS table_name,"
                + " c.relreplident AS replica_identity FROM pg_publication_tables p"
                + " JOIN pg_namespace n ON n.nspname = p.schemaname"
                + " JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename"
                + " WHERE p.pubname = " + PgQuote.literal(publication) + " AND c.relreplident <> 'f' ORDER BY 1").column("table_name");
        if (!notFull.isEmpty()) {
            throw new RunbookFailure(GuideStep.A2, "tables without REPLICA IDENTITY FULL in publication " + publication
                    + ": " + String.join(", ", notFull) + " (ALTER TABLE … REPLICA IDENTITY FULL)");
        }
    }

    private static String qualified(String table) {
        return table.contains(".") ? table : "public." + table;
    }
}
