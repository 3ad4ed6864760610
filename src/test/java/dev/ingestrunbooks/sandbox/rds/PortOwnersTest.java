package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The listener of a port as /proc shows it: this JVM for a socket it holds, not this JVM once it is closed. */
class PortOwnersTest {

    @Test
    void namesThisJvmForItsOwnListenerAndNotOnceItIsClosed() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/net")), "no /proc (not Linux)");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
            assertThat(PortOwners.describe(port)).startsWith("pid " + ProcessHandle.current().pid() + " listens on it (")
                    .contains("java");
        }
        // closed: not ours any more (another process may bind the same port meanwhile, so no "nobody" here)
        assertThat(PortOwners.describe(port)).doesNotContain("pid " + ProcessHandle.current().pid() + " ");
    }
}
