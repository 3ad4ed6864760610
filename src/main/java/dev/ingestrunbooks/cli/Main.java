package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.evidence.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runnable jar's entry point: {@code java -jar ingest-runbooks.jar check --inventory FILE} (the nightly
 * compliance run) or {@code … sandbox} (the standalone sandbox). Exit status is the subcommand's; an unexpected
 * failure prints its masked message and exits 2.
 */
@Command(name = "ingest-runbooks", mixinStandardHelpOptions = true,
        description = "Executable runbooks for Materialize's RDS and Aurora ingest guides.",
        subcommands = {CheckCommand.class, SandboxCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int status = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println(commandLine.getCommandName() + ": "
                            + Secrets.mask(String.valueOf(e.getMessage())));
                    return 2;
                })
                .execute(args);
        System.exit(status);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
