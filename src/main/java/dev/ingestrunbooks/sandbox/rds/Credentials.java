package dev.ingestrunbooks.sandbox.rds;

import java.security.SecureRandom;

/** A login role and its password. {@link #toString()} masks the password so it never reaches a log. */
public record Credentials(String user, String password) {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A random password of 24 letters and digits, safe to embed in SQL literals and conninfo strings. */
    public static String generatePassword() {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=****]";
    }
}
