package dev.ingestrunbooks.sandbox.materialize.pgwire;

/**
 * The number of parameters a statement uses, as PostgreSQL counts it: the highest {@code $n} outside string
 * literals ({@code '…'}, {@code E'…'}), quoted identifiers, dollar-quoted strings and comments. A lexer, not a
 * parser: enough to size a parameter list before the backing server describes the statement.
 */
final class ParameterCount {

    private ParameterCount() {
    }

    static int highestPlaceholder(String sql) {
        int highest = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '$') {
                int j = i + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                if (j > i + 1 && !identifierBefore(sql, i)) {
                    highest = Math.max(highest, Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 7))));
                    i = j;
                } else {
                    i = skipDollarQuoted(sql, i);
                }
            } else {
                i++;
            }
        }
        return highest;
    }

    private static boolean identifierBefore(String sql, int i) {
        return i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_');
    }

    /** Skips {@code 'it''s'} or {@code "a""b"}; a doubled quote is an escaped quote. */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\\' && quote == '\'' && start > 0 && (sql.charAt(start - 1) == 'E'
                    || sql.charAt(start - 1) == 'e')) {
                i += 2;
            } else if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** At a {@code $}: skips {@code $tag$…$tag$} if it is one, else just the {@code $}. */
    private static int skipDollarQuoted(String sql, int start) {
        int j = start + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '$' || identifierBefore(sql, start)) {
            return start + 1;
        }
        String tag = sql.substring(start, j + 1);
        int end = sql.indexOf(tag, j + 1);
        return end < 0 ? sql.length() : end + tag.length();
    }
}
