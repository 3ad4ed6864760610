package dev.ingestrunbooks.evidence;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide register of secret values (passwords, keys) and the mask applied to every text that leaves the
 * process as evidence or an error message. Register a secret as soon as it is generated or read.
 */
public final class Secrets {
    /** What a secret is replaced by. */
    public static final String MASK = "****";
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /** Remembers {@code value} as secret (values shorter than 4 characters are too common to mask safely). */
    public static String register(String value) {
        if (value != null && value.length() >= 4) {
            VALUES.add(value);
        }
        return value;
    }

    /** {@code text} with every registered secret replaced by {@link #MASK}; longest first, so overlaps stay masked. */
    public static String mask(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String masked = text;
        List<String> ordered = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : ordered) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
