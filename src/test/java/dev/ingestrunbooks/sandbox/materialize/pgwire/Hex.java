package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.HexFormat;

/** Test helper: bytes written as spaced hex, and ASCII with escapes, for exact-byte assertions. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
