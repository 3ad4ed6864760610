package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.target.SandboxSetup;
import dev.ingestrunbooks.target.RunbookConfig;
import dev.ingestrunbooks.target.TargetKind;
import dev.ingestrunbooks.target.inventory.Inventory;
import dev.ingestrunbooks.target.inventory.SetupSpec;
import io.cucumber.java.AfterAll;
import java.util.ArrayList;
import java.util.List;

/**
 * The setups the compliance scenarios check, resolved once per run: the inventory file if one is given
 * ({@code -Drunbook.inventory=FILE}); else, on the sandbox, one healthy RDS setup and one healthy Aurora setup built
 * by walking the guide ({@link SandboxSetup}); else (live) the one setup the environment describes.
 *
 * <p>Held for the whole run rather than per scenario, unlike everything else in the runbooks: the checks only read,
 * one scenario per check, and building a sandbox setup takes seconds. The sandbox setups are closed after the last
 * scenario ({@link #close()}), and by the JVM's shutdown at the latest.
 */
public final class ComplianceSetups {

    private static List<SetupSpec> setups;
    private static final List<SandboxSetup> SANDBOXES = new ArrayList<>();

    private ComplianceSetups() {
    }

    /** The setups to check; builds the sandbox ones on first use. */
    static synchronized List<SetupSpec> resolve(RunbookConfig config) {
        if (setups == null) {
            if (config.inventory().isPresent()) {
                setups = Inventory.load(config.inventory().get()).setups();
            } else if (config.target() == TargetKind.SANDBOX) {
                Runtime.getRuntime().addShutdownHook(new Thread(ComplianceSetups::close, "compliance-sandboxes"));
                SANDBOXES.add(SandboxSetup.healthy(SetupSpec.Kind.RDS, "health-rds", config));
                SANDBOXES.add(SandboxSetup.healthy(SetupSpec.Kind.AURORA, "health-aurora", config));
                setups = SANDBOXES.stream().map(SandboxSetup::spec).toList();
            } else {
                setups = Inventory.fromEnvironment(System::getenv).setups();
            }
        }
        return setups;
    }

    /** Stops the sandbox setups (their sources, slots, servers and emulators). */
    @AfterAll
    public static synchronized void close() {
        while (!SANDBOXES.isEmpty()) {
            SANDBOXES.remove(SANDBOXES.size() - 1).close();
        }
    }
}
