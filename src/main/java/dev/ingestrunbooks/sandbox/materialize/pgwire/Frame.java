package dev.ingestrunbooks.sandbox.materialize.pgwire;

/** One frontend message as framed on the wire: its type byte and its body (without type and length). */
public record Frame(char type, byte[] body) {
}
