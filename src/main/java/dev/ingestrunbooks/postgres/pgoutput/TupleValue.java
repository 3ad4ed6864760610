package dev.ingestrunbooks.postgres.pgoutput;

import java.nio.charset.StandardCharsets;

/**
 * One column of a pgoutput TupleData: {@code 'n'} null, {@code 'u'} unchanged TOASTed value (sent only when the
 * value did not change and is stored out of line), {@code 't'} text, {@code 'b'} binary (only with the
 * {@code binary} option, which this sandbox never requests).
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html">TupleData</a>
 */
public sealed interface TupleValue {

    /** {@code 'n'}: the column is NULL. */
    record Null() implements TupleValue {
    }

    /** {@code 'u'}: unchanged TOASTed value; the actual value is not sent. */
    record UnchangedToast() implements TupleValue {
    }

    /** {@code 't'}: the value in text format (the type's output function). */
    record Text(String value) implements TupleValue {
    }

    /** {@code 'b'}: the value in binary format. */
    record Binary(byte[] value) implements TupleValue {
    }

    Null NULL = new Null();
    UnchangedToast UNCHANGED_TOAST = new UnchangedToast();

    static TupleValue text(String value) {
        return new Text(value);
    }

    /** The text of a text value, null for NULL; fails for unchanged TOAST and binary values. */
    default String asText() {
        if (this instanceof Text t) {
            return t.value();
        }
        if (this instanceof Binary b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        if (this instanceof Null) {
            return null;
        }
        throw new IllegalStateException("unchanged TOASTed value has no text");
    }
}
