package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.ResultTable;
import dev.ingestrunbooks.drivers.Database;
import io.cucumber.java.en.When;
import java.util.List;

/** Guide section B, tab "Allow Materialize IPs": the database's security group admits Materialize's egress IPs. */
public final class NetworkSteps {

    private final RunbookWorld world;

    public NetworkSteps(RunbookWorld world) {
        this.world = world;
    }

    /** Uses the last result, the guide's {@code SELECT * FROM mz_egress_ips}: one rule per {@code cidr}. */
    @When("the admin adds an inbound rule to the database's security group for each egress IP, on port {string}")
    public void allowEgressIps(String port) {
        List<String> cidrs = egressCidrs(world.lastResult());
        Database db = world.database();
        String group = world.aws().databaseSecurityGroups(db.identifier(), db.aurora()).get(0);
        int dbPort = Integer.parseInt(world.placeholders().fill(port));
        cidrs.forEach(cidr -> world.aws().allowIngress(group, dbPort, cidr, "Materialize egress"));
    }

    /** The CIDRs of a {@code SELECT * FROM mz_egress_ips} result (older versions have only {@code egress_ip}). */
    static List<String> egressCidrs(ResultTable egress) {
        return egress.columns().contains("cidr") ? egress.column("cidr")
                : egress.column("egress_ip").stream().map(ip -> ip + "/32").toList();
    }
}
