package dev.ingestrunbooks.drivers.health;

import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.fail;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.pass;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.warn;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.postgres.PgQuote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Step A2 (publication and replication user): the publication exists and covers what Materialize ingests, every
 * published table has {@code REPLICA IDENTITY FULL}, and the replication user may replicate, connect, use the schemas
 * and read the tables. All from the catalog ({@code pg_publication_tables}, {@code pg_class}, {@code pg_has_role},
 * {@code has_*_privilege}): no password of the replication user is needed.
 */
final class PublicationChecks {

    private PublicationChecks() {
    }

    static List<HealthCheck> all() {
        return List.of(publicationExists(), publicationCoverage(), replicaIdentityFull(), replicationRole(),
                privileges());
    }

    static Check publicationExists() {
        return Check.define("A2.publication", GuideStep.A2, "the publication exists")
                .severity(Severity.CRITICAL)
                .risk("without it the source stops with 'publication … does not exist'")
                .remediation("CREATE PUBLICATION <name> FOR TABLE … (or FOR ALL TABLES)")
                .rule(probe -> {
                    String name = probe.setup().names().publication();
                    return exists(probe, name) ? pass("publication " + name + " exists and publishes "
                            + published(probe, name).size() + " tables") : fail("publication " + name
                            + " does not exist in database " + probe.setup().upstream().database());
                });
    }

    /** Every table Materialize ingests is published; a published table nothing ingests is a warning. */
    static Check publicationCoverage() {
        return Check.define("A2.publication-coverage", GuideStep.A2,
                        "the publication covers every table the source ingests")
                .severity(Severity.CRITICAL)
                .risk("a table dropped from the publication stops its subsource (and, from its next restart, the"
                        + " whole source)")
                .remediation("ALTER PUBLICATION <name> ADD TABLE <table>; a published table nothing ingests can be"
                        + " added with ALTER SOURCE … ADD SUBSOURCE or removed from the publication")
                .rule(probe -> {
                    String name = probe.setup().names().publication();
                    Set<String> published = published(probe, name);
                    Set<String> ingested = SourceChecks.ingestedTables(probe);
                    List<String> missing = ingested.stream().filter(t -> !published.contains(t)).toList();
                    if (!missing.isEmpty()) {
                        return fail("publication " + name + " does not include " + String.join(", ", missing)
                                + ", which source " + probe.setup().names().source() + " ingests");
                    }
                    List<String> unused = published.stream().filter(t -> !ingested.contains(t)).toList();
                    return unused.isEmpty() ? pass("publication " + name + " covers all " + ingested.size()
                            + " ingested tables") : warn("publication " + name + " also publishes "
                            + String.join(", ", unused) + ", which source " + probe.setup().names().source()
                            + " does not ingest (decoded and sent for nothing)");
                });
    }

    static Check replicaIdentityFull() {
        return Check.define("A2.replica-identity", GuideStep.A2, "every published table has REPLICA IDENTITY FULL")
                .severity(Severity.CRITICAL)
                .risk("an UPDATE or DELETE on such a table stalls its subsource: Materialize needs the full old row")
                .remediation("ALTER TABLE <table> REPLICA IDENTITY FULL")
                .rule(probe -> {
                    String name = probe.setup().names().publication();
                    ResultTable t = probe.upstream("SELECT p.schemaname || '.' || p.tablename AS table_name,"
                            + " c.relreplident FROM pg_publication_tables p JOIN pg_namespace n ON n.nspname ="
                            + " p.schemaname JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename"
                            + " WHERE p.pubname = " + PgQuote.literal(name) + " ORDER BY 1");
                    List<String> wrong = new ArrayList<>();
                    for (List<String> row : t.rows()) {
                        if (!"f".equals(row.get(1))) {
                            wrong.add(row.get(0) + " (" + identity(row.get(1)) + ")");
                        }
                    }
                    return wrong.isEmpty() ? pass("all " + t.rows().size() + " tables of publication " + name
                            + " have REPLICA IDENTITY FULL") : fail("tables of publication " + name
                            + " without REPLICA IDENTITY FULL: " + String.join(", ", wrong));
                });
    }

    private static String identity(String code) {
        return switch (code) {
            case "d" -> "DEFAULT";
            case "n" -> "NOTHING";
            case "i" -> "USING INDEX";
            default -> code;
        };
    }

    static Check replicationRole() {
        return Check.define("A2.replication-role", GuideStep.A2, "the replication user is a member of rds_replication")
                .severity(Severity.CRITICAL)
                .risk("without it the user may not open a replication connection ('permission denied to start WAL"
                        + " sender') and the source stalls at its next restart")
                .remediation("GRANT rds_replication TO <replication user>")
                .rule(probe -> {
                    String user = probe.setup().names().replicationUser();
                    ResultTable t = probe.upstream("SELECT r.rolname, CASE WHEN EXISTS (SELECT 1 FROM pg_roles"
                            + " WHERE rolname = 'rds_replication') THEN pg_has_role(r.oid, 'rds_replication',"
                            + " 'MEMBER') ELSE r.rolreplication END AS may_replicate FROM pg_roles r WHERE r.rolname = "
                            + PgQuote.literal(user));
                    if (t.isEmpty()) {
                        return fail("replication user " + user + " does not exist");
                    }
                    return "t".equals(t.single("may_replicate")) ? pass("replication user " + user
                            + " is a member of rds_replication") : fail("replication user " + user
                            + " is not a member of rds_replication");
                });
    }

    /** CONNECT on the database, USAGE on each published schema, SELECT on each published table. */
    static Check privileges() {
        return Check.define("A2.privileges", GuideStep.A2,
                        "the replication user may connect, use the schemas and read every published table")
                .severity(Severity.CRITICAL)
                .risk("a missing grant fails the source's snapshot and any re-creation ('permission denied for"
                        + " table …')")
                .remediation("GRANT CONNECT ON DATABASE …, GRANT USAGE ON SCHEMA …, GRANT SELECT ON <tables> TO"
                        + " <replication user>")
                .rule(probe -> {
                    String user = probe.setup().names().replicationUser();
                    String publication = probe.setup().names().publication();
                    ResultTable exists = probe.upstream("SELECT 1 FROM pg_roles WHERE rolname = "
                            + PgQuote.literal(user));
                    if (exists.isEmpty()) {
                        return fail("replication user " + user + " does not exist");
                    }
                    String u = PgQuote.literal(user);
                    ResultTable t = probe.upstream("SELECT 'CONNECT on database ' || current_database() AS missing"
                            + " WHERE NOT has_database_privilege(" + u + ", current_database(), 'CONNECT')"
                            + " UNION ALL SELECT DISTINCT 'USAGE on schema ' || schemaname FROM pg_publication_tables"
                            + " WHERE pubname = " + PgQuote.literal(publication) + " AND NOT has_schema_privilege("
                            + u + ", schemaname, 'USAGE')"
                            + " UNION ALL SELECT 'SELECT on ' || schemaname || '.' || tablename FROM"
                            + " pg_publication_tables WHERE pubname = " + PgQuote.literal(publication)
                            + " AND NOT has_table_privilege(" + u + ", format('%I.%I', schemaname, tablename),"
                            + " 'SELECT') ORDER BY 1");
                    List<String> missing = t.column("missing");
                    return missing.isEmpty() ? pass("replication user " + user + " has CONNECT, USAGE and SELECT on"
                            + " everything publication " + publication + " publishes") : fail("replication user "
                            + user + " lacks " + String.join(", ", missing));
                });
    }

    /** {@code schema.table} of every table the publication publishes. */
    static Set<String> published(SetupProbe probe, String publication) {
        return new LinkedHashSet<>(probe.upstream("SELECT schemaname || '.' || tablename AS table_name FROM"
                + " pg_publication_tables WHERE pubname = " + PgQuote.literal(publication) + " ORDER BY 1")
                .column("table_name"));
    }

    private static boolean exists(SetupProbe probe, String publication) {
        return !probe.upstream("SELECT pubname FROM pg_publication WHERE pubname = " + PgQuote.literal(publication))
                .isEmpty();
    }
}
