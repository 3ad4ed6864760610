package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.drivers.Database;
import dev.ingestrunbooks.drivers.SshLogin;
import dev.ingestrunbooks.evidence.Evidence;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Instance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guide section B, tab "Use an SSH tunnel": a key pair, an EC2 instance as the bastion with an Elastic IP, its
 * security group open to Materialize's egress IPs, the database's security group open to the bastion's group, and the
 * admin's login to the bastion to install Materialize's keys. The bastion's facts become the guide's placeholders
 * {@code <SSH_BASTION_HOST>} and {@code <SSH_BASTION_PORT>}.
 */
public final class BastionSteps {
    /** Amazon Linux 2023 in us-east-1; the sandbox accepts any well-formed image id. */
    private static final String IMAGE = "ami-0453ec754f44f9a4a";
    private static final String INSTANCE_TYPE = "t3.micro";

    private final RunbookWorld world;
    private SshLogin.AdminKey adminKey;
    private String keyName;
    private String bastionId;
    private String bastionGroup;

    public BastionSteps(RunbookWorld world) {
        this.world = world;
    }

    /** The guide's "add a key pair": an Ed25519 key made on the admin's workstation, its public half imported. */
    @Given("the admin imports an SSH key pair into EC2 as {string}")
    public void importKeyPair(String name) {
        adminKey = SshLogin.generateKey("admin@workstation");
        keyName = name;
        world.aws().importKeyPair(name, adminKey.publicKeyLine());
    }

    /**
     * RunInstances with the key pair, in a new security group that admits SSH from the admin's workstation only (what
     * the console's launch wizard offers as "My IP"); waits until the instance runs. The bastion's SSH port becomes
     * {@code <SSH_BASTION_PORT>} (22 on AWS; a free port on the sandbox).
     */
    @When("the admin launches EC2 instance {string} with key pair {string} in a new security group {string} in the database's VPC")
    public void launchBastion(String name, String keyPair, String groupName) {
        assertThat(keyPair).as("the key pair imported before").isEqualTo(keyName);
        int sshPort = world.target().sshPort();
        bastionGroup = world.aws().createSecurityGroupIfAbsent(groupName, "SSH bastion for Materialize");
        world.aws().allowIngress(bastionGroup, sshPort, world.target().adminWorkstation(), "admin workstation");
        Instance bastion = world.aws().runInstanceAndAwaitRunning(IMAGE, INSTANCE_TYPE, null, List.of(bastionGroup),
                keyPair, name, world.waitTimeout());
        bastionId = bastion.instanceId();
        world.placeholders().put("SSH_BASTION_PORT", String.valueOf(sshPort));
        Evidence.text("bastion " + bastionId, "private IP " + bastion.privateIpAddress() + ", public IP "
                + bastion.publicIpAddress() + ", security group " + bastionGroup + ", SSH port " + sshPort);
    }

    /** AllocateAddress + AssociateAddress: the static public IP the guide asks for becomes {@code <SSH_BASTION_HOST>}. */
    @When("the admin associates a new Elastic IP address with the instance")
    public void associateElasticIp() {
        String allocation = world.aws().allocateAddress();
        world.aws().associateAddress(allocation, bastionId);
        String publicIp = world.aws().address(allocation).publicIp();
        assertThat(world.aws().ec2Instance(bastionId).publicIpAddress()).as("the bastion's public IP")
                .isEqualTo(publicIp);
        world.placeholders().put("SSH_BASTION_HOST", publicIp);
    }

    /** Uses the last result, the guide's {@code SELECT * FROM mz_egress_ips}: one rule per {@code cidr}. */
    @When("the admin adds an inbound rule to the bastion's security group for each egress IP, on port {string}")
    public void allowEgressIpsOnBastion(String port) {
        int sshPort = Integer.parseInt(world.placeholders().fill(port));
        NetworkSteps.egressCidrs(world.lastResult())
                .forEach(cidr -> world.aws().allowIngress(bastionGroup, sshPort, cidr, "Materialize egress"));
    }

    /** The guide: Type "All TCP", Source "Custom", the bastion host's security group. */
    @When("the admin adds an inbound rule to the database's security group for all TCP from the bastion's security group")
    public void allowBastionGroupOnDatabase() {
        Database db = world.database();
        String group = world.aws().databaseSecurityGroups(db.identifier(), db.aurora()).get(0);
        world.aws().allowAllTcpFromGroup(group, bastionGroup, "SSH bastion");
    }

    /** Each line of the doc string runs as one command over the admin's SSH login; each must succeed. */
    @When("the admin logs in to the bastion as {string} and runs:")
    public void runOnBastion(String user, String script) {
        String host = world.placeholders().get("SSH_BASTION_HOST");
        int port = Integer.parseInt(world.placeholders().get("SSH_BASTION_PORT"));
        String login = world.placeholders().fill(user);
        for (String line : world.placeholders().fill(script).strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            SshLogin.Result result = SshLogin.run(host, port, login, adminKey, line.strip());
            assertThat(result.exitStatus()).as("exit status of `%s` on the bastion: %s", line.strip(),
                    result.stderr()).isZero();
        }
    }
}
