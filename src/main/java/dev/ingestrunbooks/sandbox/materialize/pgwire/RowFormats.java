package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/** Puts a row of text values into the per-column formats a portal asked for (0 text, 1 binary). */
final class RowFormats {

    private RowFormats() {
    }

    static byte[][] apply(List<Column> columns, List<Short> formats, byte[][] textRow) throws SqlError {
        byte[][] out = new byte[textRow.length][];
        for (int i = 0; i < textRow.length; i++) {
            if (textRow[i] == null || formats.get(i) == 0) {
                out[i] = textRow[i];
            } else if (formats.get(i) == 1) {
                out[i] = BinaryValues.toBinary(columns.get(i).typeOid(), textRow[i]);
            } else {
                throw SqlError.protocolViolation("unsupported format code: " + formats.get(i));
            }
        }
        return out;
    }
}
