package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts an array's text output ({@code {1,NULL,"a b"}}, nested for more dimensions, optionally prefixed by
 * bounds such as {@code [0:1]=}) to {@code array_send}'s binary format: {@code int32 ndim, int32 has-nulls flag,
 * int32 element OID, ndim × (int32 length, int32 lower bound), then per element int32 length (-1 = NULL) and its
 * binary value} (<a href="https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO">array I/O</a>).
 * Limit: the element delimiter is always the comma (true for every type but box).
 */
final class ArrayBinary {

    private final String text;
    private int position;

    private ArrayBinary(String text) {
        this.text = text;
    }

    static byte[] encode(int elementOid, String value) throws SqlError {
        List<Integer> lowerBounds = new ArrayList<>();
        String body = value;
        if (value.startsWith("[")) {
            int equals = value.indexOf('=');
            for (String bound : value.substring(1, equals - 1).split("\\]\\[")) {
                lowerBounds.add(Integer.parseInt(bound.substring(0, bound.indexOf(':'))));
            }
            body = value.substring(equals + 1);
        }
        ArrayBinary parser = new ArrayBinary(body);
        List<Integer> dimensions = new ArrayList<>();
        List<String> elements = new ArrayList<>();
        parser.parseLevel(0, dimensions, elements);
        return write(elementOid, dimensions, lowerBounds, elements);
    }

    private static byte[] write(int elementOid, List<Integer> dimensions, List<Integer> lowerBounds,
                                List<String> elements) throws SqlError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int ndim = elements.isEmpty() ? 0 : dimensions.size();
        out.writeBytes(ByteBuffer.allocate(12).putInt(ndim).putInt(elements.contains(null) ? 1 : 0)
                .putInt(elementOid).array());
        for (int i = 0; i < ndim; i++) {
            int lower = i < lowerBounds.size() ? lowerBounds.get(i) : 1;
            out.writeBytes(ByteBuffer.allocate(8).putInt(dimensions.get(i)).putInt(lower).array());
        }
        for (String element : elements) {
            if (element == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] value = BinaryValues.toBinary(elementOid, element.getBytes(StandardCharsets.UTF_8));
                out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
                out.writeBytes(value);
            }
        }
        return out.toByteArray();
    }

    /** Parses one {@code {…}} level, recording its length the first time the level is seen. */
    private void parseLevel(int level, List<Integer> dimensions, List<String> elements) {
        expect('{');
        int count = 0;
        if (peek() == '}') {
            position++;
            return;
        }
        while (true) {
            if (peek() == '{') {
                parseLevel(level + 1, dimensions, elements);
            } else {
                elements.add(element());
            }
            count++;
            char next = text.charAt(position++);
            if (next == '}') {
                break;
            }
            if (next != ',') {
                throw new IllegalArgumentException("malformed array literal at " + (position - 1));
            }
        }
        while (dimensions.size() <= level) {
            dimensions.add(null);
        }
        if (dimensions.get(level) == null) {
            dimensions.set(level, count);
        }
    }

    /** One element: quoted with backslash escapes, or unquoted up to a comma or brace ({@code NULL} = null). */
    private String element() {
        StringBuilder value = new StringBuilder();
        if (peek() == '"') {
            position++;
            while (text.charAt(position) != '"') {
                if (text.charAt(position) == '\\') {
                    position++;
                }
                value.append(text.charAt(position++));
            }
            position++;
            return value.toString();
        }
        while (peek() != ',' && peek() != '}') {
            value.append(text.charAt(position++));
        }
        String unquoted = value.toString();
        return unquoted.equals("NULL") ? null : unquoted;
    }

    private char peek() {
        return text.charAt(position);
    }

    private void expect(char c) {
        if (text.charAt(position++) != c) {
            throw new IllegalArgumentException("malformed array literal: expected " + c);
        }
    }
}
