package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.evidence.Secrets;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guide's placeholders ({@code <table1>}, {@code <dbname>}, {@code <password>} …) and their values in this
 * scenario, so that doc strings can hold the guide's SQL verbatim. {@code <password>} is generated per scenario and
 * registered as a secret.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z][A-Za-z0-9_]*)>");
    private final Map<String, String> values = new HashMap<>();

    public Placeholders() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        values.put("password", Secrets.register("Mz-" + HexFormat.of().formatHex(random)));
    }

    /** Sets {@code <name>}; the name may be given with or without angle brackets. */
    public void put(String name, String value) {
        values.put(name.replaceAll("^<|>$", ""), value);
    }

    /** The value of {@code <name>}; the guide writes some in capitals ({@code <PASSWORD>}), which match as well. */
    public String get(String name) {
        String value = values.containsKey(name) ? values.get(name) : values.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            throw new IllegalStateException("the scenario gives no value for <" + name + ">; add it to \"the guide's placeholders\"");
        }
        return value;
    }

    /** The password of the replication user ({@code <password>}). */
    public String password() {
        return get("password");
    }

    /** {@code text} with each placeholder replaced; an unknown placeholder is an error naming it. */
    public String fill(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
