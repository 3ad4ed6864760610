package dev.ingestrunbooks.sandbox.aws.xml;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiConsumer;

/**
 * A tiny streaming XML writer for AWS response bodies: elements, escaped text, no attributes except the root's
 * {@code xmlns}, no pretty printing (the SDK and the CLI do not need it).
 *
 * <p>Null values are skipped, so optional members simply disappear, as in AWS responses. Booleans are
 * {@code true}/{@code false}, timestamps ISO-8601 UTC with milliseconds.
 */
public final class XmlWriter {

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens the root element with its namespace (null for none). */
    public XmlWriter root(String name, String namespace) {
        out.append('<').append(name);
        if (namespace != null) {
            out.append(" xmlns=\"").append(escape(namespace)).append('"');
        }
        out.append('>');
        open.push(name);
        return this;
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    public XmlWriter element(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant
                ? instant.truncatedTo(ChronoUnit.MILLIS).toString()
                : value.toString();
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /**
     * A non-flattened list: {@code <name><member>…</member>…</name>}, each item written by {@code body}
     * inside its member element. An empty collection gives {@code <name/>}-equivalent empty wrapper.
     */
    public <T> XmlWriter list(String name, String member, Collection<T> items, BiConsumer<XmlWriter, T> body) {
        start(name);
        for (T item : items) {
            start(member);
            body.accept(this, item);
            end();
        }
        return end();
    }

    /** A non-flattened list of scalars: {@code <name><member>v</member>…</name>}. */
    public XmlWriter values(String name, String member, Collection<?> items) {
        start(name);
        items.forEach(v -> element(member, v));
        return end();
    }

    /** Lets {@code body} write at the current position (keeps call chains readable). */
    public XmlWriter write(java.util.function.Consumer<XmlWriter> body) {
        body.accept(this);
        return this;
    }

    /** The document so far; all opened elements must have been closed. */
    public String toXml() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
