package dev.ingestrunbooks.drivers;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a Materialize error the way the guide's troubleshooting would: which step of the guide was skipped or done
 * wrong, for the errors Materialize gives when an upstream or Materialize-side step is missing
 * (docs/materialize.md §4.2, §4.3). An error no step explains (a typo in a statement, say) gets no diagnosis and
 * fails the runbook as it is.
 */
public final class MaterializeDiagnosis {

    private record Rule(Predicate<String> matches, GuideStep fix, String advice) {
    }

    private static final List<Rule> RULES = List.of(
            rule(GuideStep.A1, "logical replication is off upstream: set rds.logical_replication = 1 in the parameter"
                    + " group and reboot", "wal_level >= logical"),
            rule(GuideStep.A1, "replication is off upstream: set rds.logical_replication = 1 in the parameter"
                    + " group and reboot", "replication disabled on server"),
            rule(GuideStep.A1, "the upstream has too few free replication slots (CREATE SOURCE needs 2): raise"
                    + " max_replication_slots in the parameter group or drop unused slots",
                    "insufficient number of replication slots"),
            rule(GuideStep.A2, "the publication the source names is missing", "publication", "does not exist"),
            rule(GuideStep.A2, "the publication has no tables", "publication", "is empty"),
            rule(GuideStep.A2, "the tables need REPLICA IDENTITY FULL", "replica identity full"),
            rule(GuideStep.A2, "the replication user lacks USAGE on the schema or SELECT on the tables",
                    "insufficient privileges"),
            rule(GuideStep.A2, "the replication user lacks USAGE or SELECT", "lacks usage privileges"),
            rule(GuideStep.A2, "the replication user lacks USAGE or SELECT", "lacks select privileges"),
            rule(GuideStep.A2, "the replication user may not replicate: GRANT rds_replication to it",
                    "start wal sender"),
            rule(GuideStep.A2, "the replication user may not replicate: GRANT rds_replication to it",
                    "replication role to start walsender"),
            rule(GuideStep.A2, "the replication user may not connect to the database: GRANT CONNECT on it",
                    "permission denied for database"),
            rule(GuideStep.C2, "the secret's value is not the replication user's password: CREATE SECRET (or ALTER"
                    + " SECRET) with the password step A2 gave in CREATE USER … PASSWORD",
                    "password authentication failed"),
            rule(GuideStep.C2, "the connection's DATABASE names a database the upstream does not have: use the"
                    + " database that holds the published tables", "database", "does not exist"),
            rule(GuideStep.C1, "the cluster the statement names does not exist", "unknown cluster"),
            rule(GuideStep.B, "Materialize cannot reach the database: its security group must admit each of"
                    + " Materialize's egress IPs (SELECT * FROM mz_egress_ips) on the database port, or, through an"
                    + " SSH tunnel, the bastion's security group (an inbound rule for All TCP from it)",
                    "error connecting to server", "timed out"),
            rule(GuideStep.B, "the SSH bastion refuses Materialize's key: add both public keys of"
                    + " mz_ssh_tunnel_connections to the bastion user's ~/.ssh/authorized_keys",
                    "failed to connect to the remote host", "permission denied"),
            rule(GuideStep.B, "Materialize cannot reach the SSH bastion: the bastion's security group must admit"
                    + " each of Materialize's egress IPs (SELECT * FROM mz_egress_ips) on the SSH port",
                    "failed to connect to the remote host", "timed out"),
            rule(GuideStep.B, "nothing answers SSH at the connection's HOST and PORT: use the bastion's Elastic IP"
                    + " and SSH port, and check that the instance runs",
                    "failed to connect to the remote host", "connection refused"),
            rule(GuideStep.B, "AWS will not let Materialize's principal see the endpoint service: add the"
                    + " principal of mz_aws_privatelink_connections to the service's allowed principals, and check"
                    + " the SERVICE NAME", "vpc endpoint service", "does not exist"),
            rule(GuideStep.B, "the endpoint service does not offer one of the connection's AVAILABILITY ZONES: use"
                    + " the zone ids of the network load balancer's subnets", "does not support the availability zone"),
            rule(GuideStep.B, "use availability zone ids (such as use1-az1) of the network load balancer's subnets",
                    "invalid aws privatelink availability zone"),
            rule(GuideStep.B, "the endpoint connection waits for the endpoint service's owner: accept it",
                    "pendingacceptance"),
            rule(GuideStep.B, "the endpoint service's owner rejected Materialize's endpoint connection: accept a new"
                    + " one (drop and recreate the PrivateLink connection)", "vpc endpoint", "rejected"),
            rule(GuideStep.B, "Materialize's PrivateLink endpoint is not available (no address to connect to): check"
                    + " mz_aws_privatelink_connection_statuses, allow the principal and accept the connection",
                    "failed to lookup address information"),
            rule(GuideStep.C2, "a column type Materialize cannot ingest: name it in TEXT COLUMNS",
                    "unsupported types"),
            rule(GuideStep.C2, "the object the statement names does not exist: the secret, connection, source and"
                    + " subsources are what step C2 creates", "unknown catalog item"));

    private MaterializeDiagnosis() {
    }

    /** A rule that applies when the error contains every one of {@code fragments} (lower case). */
    private static Rule rule(GuideStep fix, String advice, String... fragments) {
        return new Rule(text -> List.of(fragments).stream().allMatch(text::contains), fix, advice);
    }

    /** The guide step that fixes {@code error}, as a runbook failure, if the error is one a skipped step causes. */
    public static Optional<RunbookFailure> diagnose(MaterializeError error) {
        String rendered = error.rendered().replace("\n", " ");
        return explain(rendered).map(r -> new RunbookFailure(r.fix(), "Materialize refused the statement: "
                + rendered + " (" + r.advice() + ")", error));
    }

    /**
     * The guide step that fixes an error Materialize reports in a status ({@code mz_source_statuses.error}), if one
     * does; {@code what} says whose status it is.
     */
    public static Optional<RunbookFailure> diagnoseStatus(String what, String error) {
        return explain(error).map(r -> new RunbookFailure(r.fix(), what + " reports the error '" + error + "' ("
                + r.advice() + ")"));
    }

    /**
     * Materialize refused a statement after a script pointed a connection at an Aurora cluster's reader endpoint
     * ({@code readerHost} quoted in one of {@code scripts}): a reader cannot serve logical replication, whatever the
     * error says, and step C2 tells to use the writer endpoint.
     */
    public static Optional<RunbookFailure> throughReaderEndpoint(MaterializeError error, String readerHost,
            List<String> scripts) {
        if (scripts.stream().noneMatch(s -> s.contains("'" + readerHost + "'"))) {
            return Optional.empty();
        }
        return Optional.of(new RunbookFailure(GuideStep.C2, "Materialize's connection points at the Aurora reader"
                + " endpoint (" + readerHost + "), which cannot serve logical replication; Materialize refused: "
                + error.primary() + ". Use the cluster's writer endpoint", error));
    }

    private static Optional<Rule> explain(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return RULES.stream().filter(r -> r.matches().test(lower)).findFirst();
    }
}
