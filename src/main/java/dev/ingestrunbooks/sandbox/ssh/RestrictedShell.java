package dev.ingestrunbooks.sandbox.ssh;

import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.Op;
import dev.ingestrunbooks.sandbox.ssh.RestrictedCommandLine.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox bastion's exec handler, a <em>restricted shell</em>: it runs only the key-management commands that
 * {@link RestrictedCommandLine} accepts, against the user's own {@code ~/.ssh/authorized_keys}, and answers anything
 * else on stderr with exit status 127 (what sh answers for an unknown command) without running any part of it.
 * Nothing is ever executed by the operating system. A request for an interactive shell gets the same kind of answer
 * (a message on stderr, exit 127, channel closed) rather than silence, since clients send it without asking for a
 * reply and would otherwise wait forever.
 *
 * <p>Stdin of {@code cat >>}/{@code tee} is read to EOF (at most {@value #MAX_INPUT} bytes). Neither the content
 * nor the arguments are logged; only the user, the command's first word and the exit status.
 */
final class RestrictedShell implements CommandFactory, ShellFactory {

    static final int NOT_FOUND = 127;
    static final int MAX_INPUT = 256 * 1024;
    static final String PREFIX = "sandbox bastion (restricted shell): ";

    private static final Logger LOG = LoggerFactory.getLogger(RestrictedShell.class);

    private final AuthorizedKeysStore store;

    RestrictedShell(AuthorizedKeysStore store) {
        this.store = store;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new Exec(channel.getSession().getUsername(), command);
    }

    /** The answer to a shell request: no shell, a message and exit 127. */
    @Override
    public Command createShell(ChannelSession channel) {
        return new Exec(channel.getSession().getUsername(), null);
    }

    private final class Exec implements Command {
        private final String user;
        private final String line;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        Exec(String user, String line) {
            this.user = user;
            this.line = line;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(this::run, "bastion-exec-" + user);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (thread != null) {
                thread.interrupt();
            }
        }

        private void run() {
            int status;
            try {
                status = execute();
            } catch (IOException | RuntimeException e) {
                status = 1;
                LOG.debug("bastion exec by {} failed: {}", user, e.getClass().getName());
                try {
                    message("error: " + e.getClass().getSimpleName());
                } catch (IOException ignored) {
                    // the channel is gone
                }
            }
            String first = line == null ? "(shell)"
                    : line.isBlank() ? "" : RestrictedCommandLine.clip(line.strip().split("\\s+")[0]);
            LOG.info("bastion exec by {}: {} ... exit {}", user, first, status);
            try {
                out.flush();
                err.flush();
            } catch (IOException e) {
                LOG.debug("flush failed: {}", e.toString());
            }
            exit.onExit(status);
        }

        private int execute() throws IOException {
            if (line == null) {
                message("no interactive shell on the sandbox bastion; run one of the supported commands with exec");
                return NOT_FOUND;
            }
            List<Step> steps;
            try {
                steps = RestrictedCommandLine.parse(line, user);
            } catch (RestrictedCommandLine.Unsupported e) {
                message(e.getMessage() + "\nsupported: cat >> ~/.ssh/authorized_keys, cat ~/.ssh/authorized_keys,"
                        + " echo '<public key>' >> ~/.ssh/authorized_keys, tee -a ~/.ssh/authorized_keys,"
                        + " touch, mkdir -p ~/.ssh, chmod 600/700, joined with && or ;");
                return NOT_FOUND;
            }
            int status = 0;
            for (Step step : steps) {
                if (step.onlyAfterSuccess() && status != 0) {
                    continue;
                }
                status = run(step.op());
            }
            return status;
        }

        private int run(Op op) throws IOException {
            if (op instanceof RestrictedCommandLine.WriteStdin write) {
                byte[] data = readStdin();
                if (data == null) {
                    message("input larger than " + MAX_INPUT + " bytes refused");
                    return 1;
                }
                if (write.append()) {
                    store.append(user, data);
                } else {
                    store.overwrite(user, data);
                }
                if (write.echoToStdout()) {
                    out.write(data);
                }
            } else if (op instanceof RestrictedCommandLine.WriteLine write) {
                byte[] data = (write.line() + "\n").getBytes(StandardCharsets.UTF_8);
                if (!write.toFile()) {
                    out.write(data);
                } else if (write.append()) {
                    store.append(user, data);
                } else {
                    store.overwrite(user, data);
                }
            } else if (op instanceof RestrictedCommandLine.PrintFile) {
                if (!java.nio.file.Files.exists(store.file(user))) {
                    err.write("cat: ~/.ssh/authorized_keys: No such file or directory\n"
                            .getBytes(StandardCharsets.UTF_8));
                    return 1;
                }
                out.write(store.read(user).getBytes(StandardCharsets.UTF_8));
            } else if (op instanceof RestrictedCommandLine.Touch) {
                store.touch(user);
            }
            return 0;
        }

        /** Stdin to EOF, or null if it exceeds {@link #MAX_INPUT}. */
        private byte[] readStdin() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                data.write(buffer, 0, n);
                if (data.size() > MAX_INPUT) {
                    return null;
                }
            }
            return data.toByteArray();
        }

        private void message(String text) throws IOException {
            err.write((PREFIX + text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
