package dev.ingestrunbooks.sandbox.aws;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code aws} CLI against an emulator, for black-box tests (text output, one attempt, no pager). */
public final class AwsCli {

    /** What a command printed (stdout and stderr together) and its exit status. */
    public record Run(int exit, String out) {
    }

    private AwsCli() {
    }

    /** Whether {@code aws} is on the PATH (tests skip without it). */
    public static boolean installed() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "aws")));
    }

    /** Runs {@code aws --endpoint-url <endpoint> --region us-east-1 --output text <args>}. */
    public static Run run(URI endpoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(),
                "--region", "us-east-1", "--output", "text"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "sandbox", "AWS_SECRET_ACCESS_KEY", "sandbox",
                "AWS_MAX_ATTEMPTS", "1", "AWS_PAGER", ""));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), out.strip());
    }
}
