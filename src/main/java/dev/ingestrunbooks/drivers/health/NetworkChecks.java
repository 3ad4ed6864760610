package dev.ingestrunbooks.drivers.health;

import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.fail;
import static dev.ingestrunbooks.drivers.health.HealthCheck.Verdict.pass;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.net.Ipv4Cidr;
import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Step B (network security), tab "Allow Materialize IPs": the database's security group admits every one of
 * Materialize's egress IPs ({@code mz_egress_ips}) on the database port, and nothing opens that port to the whole
 * internet. A connection through AWS PrivateLink or an SSH tunnel needs no egress rule (the other tabs' checks come
 * with their runbooks), but an open port is a finding whatever the tab.
 */
final class NetworkChecks {

    private NetworkChecks() {
    }

    static List<HealthCheck> all() {
        return List.of(securityGroup());
    }

    static Check securityGroup() {
        return Check.define("B.security-group", GuideStep.B,
                        "the database's security group admits Materialize's egress IPs on its port, and not everyone")
                .severity(Severity.CRITICAL)
                .risk("without a rule for each egress IP Materialize cannot reconnect after any restart; a rule for"
                        + " 0.0.0.0/0 or ::/0 exposes the database to the whole internet")
                .remediation("add an inbound rule (TCP, the database port) for each IP of SELECT * FROM mz_egress_ips,"
                        + " and remove rules that admit 0.0.0.0/0 or ::/0 on that port")
                .rule(probe -> {
                    SetupSpec setup = probe.setup();
                    boolean aurora = setup.kind() == SetupSpec.Kind.AURORA;
                    int port = aurora ? probe.aws().cluster(setup.awsId()).port()
                            : probe.aws().instance(setup.awsId()).endpoint().port();
                    List<IpPermission> onPort = new ArrayList<>();
                    List<String> groups = probe.aws().databaseSecurityGroups(setup.awsId(), aurora);
                    for (String id : groups) {
                        SecurityGroup group = probe.aws().securityGroup(id);
                        group.ipPermissions().stream().filter(p -> covers(p, port)).forEach(onPort::add);
                    }
                    List<String> open = new ArrayList<>();
                    onPort.forEach(p -> p.ipRanges().stream().filter(r -> "0.0.0.0/0".equals(r.cidrIp()))
                            .forEach(r -> open.add("0.0.0.0/0")));
                    onPort.forEach(p -> p.ipv6Ranges().stream().filter(r -> "::/0".equals(r.cidrIpv6()))
                            .forEach(r -> open.add("::/0")));
                    if (!open.isEmpty()) {
                        return fail("security group " + groups + " admits " + String.join(" and ", open) + " on port "
                                + port + ": the database is open to the whole internet");
                    }
                    if (viaTunnel(probe)) {
                        return pass("connection " + setup.names().connection() + " goes through AWS PrivateLink or an"
                                + " SSH tunnel; no egress rule needed, and port " + port + " is not open to everyone");
                    }
                    List<String> egress = probe.materialize("SELECT cidr FROM mz_catalog.mz_egress_ips ORDER BY 1")
                            .column("cidr");
                    List<String> missing = egress.stream().filter(cidr -> onPort.stream().flatMap(p -> p.ipRanges()
                            .stream()).noneMatch(r -> Ipv4Cidr.contains(r.cidrIp(), cidr))).toList();
                    return missing.isEmpty() ? pass("security group " + groups + " admits all " + egress.size()
                            + " Materialize egress IPs on port " + port) : fail("security group " + groups
                            + " does not admit Materialize's egress " + String.join(", ", missing) + " on port "
                            + port);
                });
    }

    private static boolean covers(IpPermission p, int port) {
        String protocol = p.ipProtocol() == null ? "" : p.ipProtocol().toLowerCase(Locale.ROOT);
        if (protocol.equals("-1")) {
            return true;
        }
        return (protocol.equals("tcp") || protocol.equals("6")) && p.fromPort() != null && p.toPort() != null
                && p.fromPort() <= port && port <= p.toPort();
    }

    private static boolean viaTunnel(SetupProbe probe) {
        var t = probe.materialize("SELECT create_sql FROM mz_catalog.mz_connections WHERE name = "
                + PgQuote.literal(probe.setup().names().connection()));
        String sql = t.isEmpty() ? "" : String.valueOf(t.single("create_sql")).toUpperCase(Locale.ROOT);
        return sql.contains("AWS PRIVATELINK") || sql.contains("SSH TUNNEL");
    }
}
