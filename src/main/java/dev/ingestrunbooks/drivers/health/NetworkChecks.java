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
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Step B (network security), tab "Allow Materialize IPs": the database's security group admits every one of
 * Materialize's egress IPs ({@code mz_egress_ips}) on the database port, and nothing opens that port to the whole
 * internet. A connection through AWS PrivateLink or an SSH tunnel needs no egress rule, but an open port is a finding
 * whatever the tab; the SSH tab has its own check ({@code B.ssh-bastion}).
 */
final class NetworkChecks {

    private NetworkChecks() {
    }

    static List<HealthCheck> all() {
        return List.of(securityGroup(), privateLink(), sshBastion());
    }

    /**
     * Tab "AWS PrivateLink": when the connection goes through AWS PrivateLink, Materialize reports the PrivateLink
     * connection {@code available}; the endpoint service of that name is this account's and allows Materialize's
     * principal; every target behind its load balancers' listeners is healthy; and the database's endpoint still
     * resolves to a registered target (the guide warns the address can change without notice).
     */
    static Check privateLink() {
        return Check.define("B.privatelink", GuideStep.B,
                        "an AWS PrivateLink path is available, allows Materialize, and targets the database's current"
                                + " address with healthy targets")
                .severity(Severity.CRITICAL)
                .risk("an endpoint that is not available, an unhealthy target or a target left on the database's old"
                        + " address stops ingestion; the next reconnect fails")
                .remediation("allow the principal of mz_aws_privatelink_connections on the endpoint service and accept"
                        + " its connection; make the database's security group admit the load balancer; register the"
                        + " database's current address (dig +short <endpoint>) in the target group")
                .rule(probe -> {
                    String connection = probe.setup().names().connection();
                    Optional<String> link = ConnectionSql.of(probe, connection).orElse(new ConnectionSql(""))
                            .connectionName("AWS PRIVATELINK");
                    if (link.isEmpty()) {
                        return pass("connection " + connection + " does not go through AWS PrivateLink");
                    }
                    String name = PgQuote.literal(link.get());
                    var status = probe.materialize("SELECT s.status FROM mz_internal.mz_aws_privatelink_connection_statuses"
                            + " s WHERE s.name = " + name);
                    String state = status.isEmpty() ? "unknown" : String.valueOf(status.single("status"));
                    if (!state.equals("available")) {
                        return fail("PrivateLink connection " + link.get() + " is " + state + " in Materialize");
                    }
                    String principal = String.valueOf(probe.materialize("SELECT p.principal FROM"
                            + " mz_catalog.mz_aws_privatelink_connections p JOIN mz_catalog.mz_connections c ON p.id ="
                            + " c.id WHERE c.name = " + name).single("principal"));
                    String serviceName = ConnectionSql.of(probe, link.get()).orElse(new ConnectionSql(""))
                            .literal("SERVICE NAME").orElse("");
                    var service = probe.aws().endpointServiceNamed(serviceName);
                    if (service.isEmpty()) {
                        return fail("endpoint service " + serviceName + " is not one of this account's");
                    }
                    String serviceId = service.get().serviceId();
                    List<String> allowed = probe.aws().endpointServicePrincipals(serviceId);
                    String account = principal.replaceAll("^arn:aws[a-z-]*:iam::(\\d{12}):.*$", "$1");
                    if (!allowed.contains(principal) && !allowed.contains("*")
                            && !allowed.contains("arn:aws:iam::" + account + ":root")) {
                        return fail("endpoint service " + serviceId + " no longer allows Materialize's principal "
                                + principal);
                    }
                    List<String> problems = new ArrayList<>();
                    List<String> targets = new ArrayList<>();
                    for (String nlb : service.get().networkLoadBalancerArns()) {
                        for (var listener : probe.aws().listeners(nlb)) {
                            for (var action : listener.defaultActions()) {
                                if (action.targetGroupArn() == null) {
                                    continue;
                                }
                                for (var t : probe.aws().targetHealth(action.targetGroupArn())) {
                                    String target = t.target().id() + ":" + t.target().port();
                                    targets.add(t.target().id());
                                    if (!"healthy".equals(t.targetHealth().stateAsString())) {
                                        problems.add("target " + target + " is " + t.targetHealth().stateAsString()
                                                + " (" + t.targetHealth().reasonAsString() + ")");
                                    }
                                }
                            }
                        }
                    }
                    String address = currentAddress(probe);
                    if (!targets.contains(address)) {
                        problems.add("the database's endpoint resolves to " + address + ", which no target group of"
                                + " the service's load balancers lists (they list " + targets + ")");
                    }
                    return problems.isEmpty() ? pass("PrivateLink connection " + link.get() + " is available through "
                            + serviceId + ", which allows " + principal + "; its " + targets.size() + " target(s) are"
                            + " healthy and include the database's address " + address)
                            : fail(String.join("; ", problems));
                });
    }

    /** The address the database's endpoint resolves to now (the writer's for Aurora), or its name if it does not. */
    private static String currentAddress(SetupProbe probe) {
        SetupSpec setup = probe.setup();
        String host = setup.kind() == SetupSpec.Kind.AURORA ? probe.aws().cluster(setup.awsId()).endpoint()
                : probe.aws().instance(setup.awsId()).endpoint().address();
        try {
            return java.net.InetAddress.getByName(host).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return host;
        }
    }

    /**
     * Tab "Use an SSH tunnel": when the connection goes through an SSH tunnel, the bastion it names keeps a static
     * public IP (an Elastic IP of this account), its security groups admit every egress IP of Materialize on the SSH
     * port and not the whole internet, and the database's security groups admit the bastion (its security group, or
     * a CIDR holding its private IP) on the database port. That Materialize's keys are in authorized_keys shows in the
     * source's status ({@code ssh:} errors, check C3.source-running): reading the file would need a login.
     */
    static Check sshBastion() {
        return Check.define("B.ssh-bastion", GuideStep.B,
                        "an SSH bastion keeps its Elastic IP, admits Materialize's egress IPs and not everyone,"
                                + " and the database admits it")
                .severity(Severity.CRITICAL)
                .risk("an auto-assigned public IP changes when the instance stops; a bastion open to 0.0.0.0/0"
                        + " invites the internet; a rule missing on either side stops ingestion at the next reconnect")
                .remediation("associate an Elastic IP with the bastion and use it as the SSH connection's HOST; add an"
                        + " inbound rule on the SSH port for each IP of SELECT * FROM mz_egress_ips to the bastion's"
                        + " security group and remove 0.0.0.0/0 or ::/0; in the database's security group, add an"
                        + " inbound rule for All TCP from the bastion's security group")
                .rule(probe -> {
                    ConnectionSql connection = ConnectionSql.of(probe, probe.setup().names().connection()).orElse(new ConnectionSql(""));
                    Optional<String> tunnel = connection.connectionName("SSH TUNNEL");
                    if (tunnel.isEmpty()) {
                        return pass("connection " + probe.setup().names().connection()
                                + " does not go through an SSH tunnel");
                    }
                    ConnectionSql ssh = ConnectionSql.of(probe, tunnel.get()).orElse(new ConnectionSql(""));
                    String host = ssh.literal("HOST").orElse("");
                    int sshPort = ssh.number("PORT").orElse(22);
                    Optional<Instance> bastion = probe.aws().instanceWithPublicIp(host);
                    if (bastion.isEmpty()) {
                        return fail("SSH connection " + tunnel.get() + " points at " + host + ", which is the public"
                                + " IP of no running EC2 instance of this account");
                    }
                    Instance instance = bastion.get();
                    if (probe.aws().elasticAddress(host).isEmpty()) {
                        return fail("bastion " + instance.instanceId() + " is reached at " + host + ", an"
                                + " auto-assigned public IP that changes when the instance stops: associate an"
                                + " Elastic IP");
                    }
                    List<IpPermission> bastionRules = new ArrayList<>();
                    List<String> bastionGroups = instance.securityGroups().stream().map(g -> g.groupId()).toList();
                    for (String id : bastionGroups) {
                        probe.aws().securityGroup(id).ipPermissions().stream().filter(p -> covers(p, sshPort))
                                .forEach(bastionRules::add);
                    }
                    List<String> open = openToEveryone(bastionRules);
                    if (!open.isEmpty()) {
                        return fail("bastion " + instance.instanceId() + "'s security group " + bastionGroups
                                + " admits " + String.join(" and ", open) + " on SSH port " + sshPort);
                    }
                    List<String> egress = probe.materialize("SELECT cidr FROM mz_catalog.mz_egress_ips ORDER BY 1")
                            .column("cidr");
                    List<String> missing = uncovered(egress, bastionRules);
                    if (!missing.isEmpty()) {
                        return fail("bastion " + instance.instanceId() + "'s security group " + bastionGroups
                                + " does not admit Materialize's egress " + String.join(", ", missing)
                                + " on SSH port " + sshPort);
                    }
                    SetupSpec setup = probe.setup();
                    boolean aurora = setup.kind() == SetupSpec.Kind.AURORA;
                    int dbPort = aurora ? probe.aws().cluster(setup.awsId()).port()
                            : probe.aws().instance(setup.awsId()).endpoint().port();
                    List<String> dbGroups = probe.aws().databaseSecurityGroups(setup.awsId(), aurora);
                    boolean dbAdmitsBastion = dbGroups.stream().flatMap(id -> probe.aws().securityGroup(id)
                            .ipPermissions().stream()).filter(p -> covers(p, dbPort)).anyMatch(p ->
                            p.userIdGroupPairs().stream().anyMatch(g -> bastionGroups.contains(g.groupId()))
                                    || p.ipRanges().stream().anyMatch(r -> Ipv4Cidr.contains(r.cidrIp(),
                                            instance.privateIpAddress() + "/32")));
                    if (!dbAdmitsBastion) {
                        return fail("the database's security group " + dbGroups + " admits neither the bastion's"
                                + " security group " + bastionGroups + " nor its private IP "
                                + instance.privateIpAddress() + " on port " + dbPort);
                    }
                    return pass("bastion " + instance.instanceId() + " at Elastic IP " + host + " admits all "
                            + egress.size() + " Materialize egress IPs on SSH port " + sshPort + " and not everyone;"
                            + " the database's security group admits it on port " + dbPort);
                });
    }


    private static List<String> openToEveryone(List<IpPermission> rules) {
        List<String> open = new ArrayList<>();
        rules.forEach(p -> p.ipRanges().stream().filter(r -> "0.0.0.0/0".equals(r.cidrIp()))
                .forEach(r -> open.add("0.0.0.0/0")));
        rules.forEach(p -> p.ipv6Ranges().stream().filter(r -> "::/0".equals(r.cidrIpv6()))
                .forEach(r -> open.add("::/0")));
        return open;
    }

    private static List<String> uncovered(List<String> cidrs, List<IpPermission> rules) {
        return cidrs.stream().filter(cidr -> rules.stream().flatMap(p -> p.ipRanges().stream())
                .noneMatch(r -> Ipv4Cidr.contains(r.cidrIp(), cidr))).toList();
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
                    List<String> open = openToEveryone(onPort);
                    if (!open.isEmpty()) {
                        return fail("security group " + groups + " admits " + String.join(" and ", open) + " on port "
                                + port + ": the database is open to the whole internet");
                    }
                    if (ConnectionSql.of(probe, setup.names().connection()).map(ConnectionSql::tunneled).orElse(false)) {
                        return pass("connection " + setup.names().connection() + " goes through AWS PrivateLink or an"
                                + " SSH tunnel; no egress rule needed, and port " + port + " is not open to everyone");
                    }
                    List<String> egress = probe.materialize("SELECT cidr FROM mz_catalog.mz_egress_ips ORDER BY 1")
                            .column("cidr");
                    List<String> missing = uncovered(egress, onPort);
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

}
