package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Buffers backend messages and writes them out on {@link #flush()} (Sync, Flush, end of a simple query). */
final class BackendOutput {

    private final OutputStream out;

    BackendOutput(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    void send(byte[] message) throws IOException {
        out.write(message);
    }

    void flush() throws IOException {
        out.flush();
    }
}
