package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.List;

/**
 * The value of one {@code NAME [=] value} option in a Materialize option list (connections, clusters, sources).
 *
 * <p>Materialize accepts identifiers where strings are expected ({@code USER materialize}); {@link #asText()}
 * returns either form as text.
 */
public sealed interface OptionValue {

    /** The value as text: string literal, number or identifier; {@code null} for secrets and lists. */
    String asText();

    /** A string literal, e.g. {@code 'require'}. */
    record Text(String value) implements OptionValue {
        @Override
        public String asText() {
            return value;
        }
    }

    /** A numeric literal as written, e.g. {@code 5432}. */
    record Number(String value) implements OptionValue {
        @Override
        public String asText() {
            return value;
        }
    }

    /** An (optionally qualified) identifier, e.g. {@code materialize} or {@code privatelink_svc}. */
    record Ident(QualifiedName name) implements OptionValue {
        @Override
        public String asText() {
            return name.toString();
        }
    }

    /** {@code SECRET name}: a reference to a catalog secret. */
    record SecretRef(QualifiedName name) implements OptionValue {
        @Override
        public String asText() {
            return null;
        }
    }

    /**
     * A connection used by another connection: {@code AWS PRIVATELINK x [(PORT n)]} or {@code SSH TUNNEL x}.
     *
     * @param name    the referenced connection
     * @param options its sub-options ({@code PORT}, {@code AVAILABILITY ZONE}), usually none
     */
    record ConnectionRef(QualifiedName name, List<MzOption> options) implements OptionValue {
        /** Copies the list. */
        public ConnectionRef {
            options = List.copyOf(options);
        }

        @Override
        public String asText() {
            return name.toString();
        }
    }

    /** A parenthesized or bracketed list, e.g. {@code ('use1-az1', 'use1-az2')} or {@code (t.c1, t.c2)}. */
    record ListOf(List<OptionValue> items) implements OptionValue {
        /** Copies the items. */
        public ListOf {
            items = List.copyOf(items);
        }

        @Override
        public String asText() {
            return null;
        }

        /** Each item as text. */
        public List<String> texts() {
            return items.stream().map(OptionValue::asText).toList();
        }
    }

    /** An option written without a value, e.g. {@code MANAGED} alone. */
    record Absent() implements OptionValue {
        @Override
        public String asText() {
            return null;
        }
    }
}
