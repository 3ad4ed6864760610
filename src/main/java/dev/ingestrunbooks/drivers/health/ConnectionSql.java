package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.postgres.PgQuote;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads options out of a connection's {@code mz_connections.create_sql}, as Materialize renders it
 * ({@code CREATE CONNECTION "materialize"."public"."pg" TO POSTGRES (HOST = 'h', PORT = 5432,
 * SSH TUNNEL = "materialize"."public"."ssh", …)}), also with the values quoted as literals. Only what the checks need:
 * a literal option, a number option, and the name of a connection an option refers to.
 */
final class ConnectionSql {
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";

    private final String sql;

    ConnectionSql(String sql) {
        this.sql = sql == null ? "" : sql;
    }

    /** The {@code create_sql} of Materialize connection {@code name}, if it exists. */
    static Optional<ConnectionSql> of(SetupProbe probe, String name) {
        var t = probe.materialize("SELECT create_sql FROM mz_catalog.mz_connections WHERE name = "
                + PgQuote.literal(name));
        return t.isEmpty() ? Optional.empty() : Optional.of(new ConnectionSql(String.valueOf(t.single("create_sql"))));
    }

    /** Whether the connection goes through an SSH tunnel or AWS PrivateLink rather than straight to its HOST. */
    boolean tunneled() {
        return connectionName("SSH TUNNEL").isPresent() || connectionName("AWS PRIVATELINK").isPresent();
    }

    /** The value of a keyword option such as {@code SSL MODE}, quoted or not, if present. */
    Optional<String> word(String option) {
        Matcher m = pattern(option, "'?([A-Za-z_-]+)'?").matcher(sql);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The value of a string option such as {@code HOST}, if present. */
    Optional<String> literal(String option) {
        Matcher m = pattern(option, "'((?:[^']|'')*)'").matcher(sql);
        return m.find() ? Optional.of(m.group(1).replace("''", "'")) : Optional.empty();
    }

    /** The value of a numeric option such as {@code PORT}, quoted or not, if present. */
    Optional<Integer> number(String option) {
        Matcher m = pattern(option, "'?(\\d+)'?").matcher(sql);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * The unqualified name of the connection an option such as {@code SSH TUNNEL} names, whether rendered as a
     * (qualified, quoted) identifier or a literal.
     */
    Optional<String> connectionName(String option) {
        Matcher quoted = pattern(option, "'((?:[^']|'')*)'").matcher(sql);
        if (quoted.find()) {
            return Optional.of(lastPart(quoted.group(1).replace("''", "'")));
        }
        Matcher ident = pattern(option, "(" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")*)").matcher(sql);
        return ident.find() ? Optional.of(lastPart(ident.group(1))) : Optional.empty();
    }

    private static Pattern pattern(String option, String value) {
        String name = option.trim().replaceAll("\\s+", "\\\\s+");
        return Pattern.compile("(?i)(?:[(,]\\s*)" + name + "\\s*=?\\s*" + value);
    }

    private static String lastPart(String qualified) {
        Matcher m = Pattern.compile(IDENT).matcher(qualified);
        String last = qualified;
        while (m.find()) {
            last = m.group();
        }
        return last.startsWith("\"") ? last.substring(1, last.length() - 1).replace("\"\"", "\"") : last;
    }
}
