package dev.ingestrunbooks.cli;

import dev.ingestrunbooks.evidence.Secrets;
import dev.ingestrunbooks.sandbox.aws.AwsEmulator;
import dev.ingestrunbooks.sandbox.materialize.MaterializeVersion;
import dev.ingestrunbooks.sandbox.rds.PostgresVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: starts the whole sandbox on its own ({@link StandaloneSandbox}), prints the endpoints as
 * ready-to-paste {@code psql} and {@code aws --endpoint-url} lines, optionally writes them to an env file, and runs
 * until Ctrl-C or SIGTERM, when a shutdown hook stops everything and deletes the env file (its endpoints die with
 * the sandbox).
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=dev.ingestrunbooks.cli.SandboxCommand \
 *     -Dexec.args="--postgres 16 --logical-replication on --env-file sandbox.env"
 * </pre>
 * Progress and endpoints go to standard output, library logs (warnings only, unless {@code --verbose}) to standard
 * error. Passwords are printed: the sandbox is the user's own. Limit: the PostgreSQL binaries on the classpath
 * decide which {@code --postgres} works (Maven picks them with {@code -Drunbook.postgres.version}).
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts Materialize, one RDS-like PostgreSQL instance and the AWS emulator on 127.0.0.1, "
                + "prints how to reach them, and runs until Ctrl-C or SIGTERM.")
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--postgres", paramLabel = "<major>",
            description = "PostgreSQL major version of the instance, 13..17 (default: ${DEFAULT-VALUE}).")
    private int postgresMajor = PostgresVersion.requestedMajor();

    @Option(names = "--logical-replication", paramLabel = "on|off", arity = "1", converter = OnOff.class,
            description = "Start with rds.logical_replication=1 (default: off, as a fresh RDS instance; "
                    + "turn it on through the AWS emulator as the guide does).")
    private boolean logicalReplication;

    @Option(names = "--env-file", paramLabel = "PATH",
            description = "Also write the endpoints there as KEY=value lines (mode 0600; deleted on stop).")
    private Path envFile;

    @Option(names = "--region", description = "AWS region the emulator answers for (default: ${DEFAULT-VALUE}).")
    private String region = AwsEmulator.DEFAULT_REGION;

    @Option(names = "--instance-id", paramLabel = "<id>",
            description = "DB instance identifier (default: ${DEFAULT-VALUE}).")
    private String instanceId = "sandbox-postgres";

    @Option(names = "--mz-password", paramLabel = "<password>",
            description = "Require this password for Materialize's user 'materialize' (default: any login works).")
    private String mzPassword;

    @Option(names = "--materialize-version", paramLabel = "v0.97|v0.130",
            description = "The Materialize version to imitate: v0.97 (the guides' era: ALTER SOURCE … DROP SUBSOURCE) "
                    + "or v0.130 (today's; the default).")
    private String mzVersion = MaterializeVersion.DEFAULT.number();

    @Option(names = "--verbose", description = "Show the sandbox's INFO logs on standard error.")
    private boolean verbose;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        int exitCode = new CommandLine(new SandboxCommand())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("sandbox did not start: "
                            + Secrets.mask(String.valueOf(e.getMessage())));
                    return 1;
                })
                .execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Starts the sandbox, then blocks until the JVM shuts down (Ctrl-C, SIGTERM); the shutdown hook stops it. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        SandboxSettings settings = settings();
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintStream out = System.out;
        StandaloneSandbox sandbox = StandaloneSandbox.create(out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the sandbox…");
            stop(sandbox);
            out.println("Sandbox stopped.");
        }, "sandbox-shutdown"));
        start(sandbox, settings, out);
        out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /**
     * The command's core without the waiting: checks the options, starts {@code sandbox}, prints the endpoints to
     * {@code out} and writes the env file. The caller stops it with {@link #stop}.
     */
    SandboxEndpoints start(StandaloneSandbox sandbox, PrintStream out) throws IOException {
        return start(sandbox, settings(), out);
    }

    private SandboxEndpoints start(StandaloneSandbox sandbox, SandboxSettings settings, PrintStream out)
            throws IOException {
        SandboxEndpoints endpoints = sandbox.start(settings);
        out.println();
        out.println("The sandbox is up. Connect with:");
        endpoints.commandLines().forEach(line -> out.println("  " + line));
        if (envFile != null) {
            EnvFile.write(envFile, endpoints.environment());
            out.println("Endpoints written to " + envFile + " (source it: set -a; . " + envFile + "; set +a)");
        }
        return endpoints;
    }

    /** Stops {@code sandbox} and deletes the env file; also ends {@link #call()}'s wait. */
    void stop(StandaloneSandbox sandbox) {
        try {
            sandbox.close();
            if (envFile != null) {
                Files.deleteIfExists(envFile);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("sandbox: " + Secrets.mask(String.valueOf(e.getMessage())));
        } finally {
            stopped.countDown();
        }
    }

    private SandboxSettings settings() {
        try {
            SandboxSettings settings = new SandboxSettings(postgresMajor, logicalReplication, region, instanceId,
                    mzPassword, MaterializeVersion.parse(mzVersion));
            BundledPostgres.require(postgresMajor);
            return settings;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** {@code on|off} (also true/false, yes/no, 1/0), as the issue and the guides say it. */
    static final class OnOff implements CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes", "1" -> true;
                case "off", "false", "no", "0" -> false;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not on or off");
            };
        }
    }
}
