package dev.ingestrunbooks.cli;

import java.util.regex.Pattern;

/** Quoting for POSIX shells: a word of safe characters stays as is, anything else is single-quoted. */
final class ShellWords {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
