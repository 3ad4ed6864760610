package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.postgres.PgQuote;
import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.evidence.Secrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Materialize as a guide reader reaches it with {@code psql}: one session for the whole run (so {@code SET CLUSTER}
 * holds for the statements after it, as in the guide), SQL over pgJDBC, every statement and its result attached as
 * evidence, errors as {@link MaterializeError} with Materialize's own text. Not thread-safe.
 *
 * <p>What a script creates (secrets, connections, clusters, sources, views, indexes) is remembered and dropped again
 * by {@link #close()}, newest first, sources with {@code CASCADE}: dropping a source drops its replication slot
 * upstream, which must not outlive the run. Objects that existed before the script are never dropped.
 */
public final class Materialize implements AutoCloseable {
    /** How long one statement may take before the run gives up on it. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 60;
    /** A kind of object a run may create, and the catalog relation (with a filter) that lists those of the user. */
    private record Kind(String keyword, String relation, String filter) {
        /** The query that lists this kind's user objects: columns kind and name. */
        String listing() {
            return "SELECT '" + keyword + "' AS kind, name FROM " + relation + " WHERE id LIKE 'u%' " + filter;
        }
    }

    /** What a run may create, in the order {@link #close()} drops it. */
    private static final List<Kind> CREATED_KINDS = List.of(
            new Kind("SOURCE", "mz_sources", "AND type NOT IN ('subsource', 'progress', 'table')"),
            new Kind("INDEX", "mz_indexes", ""),
            new Kind("MATERIALIZED VIEW", "mz_materialized_views", ""),
            new Kind("VIEW", "mz_views", ""),
            new Kind("CONNECTION", "mz_connections", ""),
            new Kind("SECRET", "mz_secrets", ""),
            new Kind("CLUSTER", "mz_clusters", ""));

    /** The value of {@code CREATE SECRET … AS '…'} and {@code ALTER SECRET … AS '…'}. */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?is)\\b(?:CREATE|ALTER)\\s+SECRET\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s+AS\\s+'((?:[^']|'')*)'");

    private final PgEndpoint endpoint;
    private final String user;
    private final String password;
    private final ChangeGuard guard;
    private final Deque<String> drops = new ArrayDeque<>();
    private Connection session;

    public Materialize(PgEndpoint endpoint, String user, String password, ChangeGuard guard) {
        this.endpoint = endpoint;
        this.user = user;
        this.password = Secrets.register(password);
        this.guard = guard;
    }

    public PgEndpoint endpoint() {
        return endpoint;
    }

    /** Runs a query and returns its result. */
    public ResultTable query(String sql) {
        Evidence.sql("SQL on Materialize as " + user, sql);
        ResultTable table = queryQuietly(sql);
        Evidence.table("result", table.columns(), table.rows());
        return table;
    }

    /** Runs a query without attaching it (for polling; the caller attaches the final result). */
    public ResultTable queryQuietly(String sql) {
        try (Statement s = session().createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            return ResultTable.of(s.executeQuery(sql));
        } catch (SQLException e) {
            throw MaterializeError.of(e, sql);
        }
    }

    /**
     * Runs a script (one or more statements, as pasted into psql) in autocommit mode, statement after statement;
     * the first error stops it. Returns the result of the last statement that returned rows, if any.
     */
    public ResultTable execute(String script) {
        guard.check("run SQL that changes Materialize at " + endpoint.host());
        registerSecretValues(script);
        Evidence.sql("SQL on Materialize as " + user, script);
        Set<String> before = existingObjects();
        try (Statement s = session().createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            ResultTable last = null;
            boolean rows = s.execute(script);
            while (true) {
                if (rows) {
                    last = ResultTable.of(s.getResultSet());
                    Evidence.table("result", last.columns(), last.rows());
                } else if (s.getUpdateCount() == -1) {
                    break;
                }
                rows = s.getMoreResults();
            }
            return last == null ? new ResultTable(List.of(), List.of()) : last;
        } catch (SQLException e) {
            throw MaterializeError.of(e, script);
        } finally {
            rememberCreated(before, script);
        }
    }

    /** A secret's value is secret wherever it appears, even if the caller never registered it. */
    static void registerSecretValues(String script) {
        Matcher m = SECRET_VALUE.matcher(script);
        while (m.find()) {
            Secrets.register(m.group(1).replace("''", "'"));
        }
    }

    /** Opens a connection of its own (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.properties(user, password));
    }

    /** The run's session, opened on first use and again if the server closed it. */
    private Connection session() throws SQLException {
        if (session == null || session.isClosed()) {
            session = connect();
        }
        return session;
    }

    /** One query listing the user objects of every kind a run may create: columns kind and name. */
    static String createdObjectsListing() {
        return CREATED_KINDS.stream().map(Kind::listing).collect(Collectors.joining(" UNION ALL "));
    }

    /**
     * Kind-qualified names ("SOURCE mz_source") of the user objects that exist now: one query over every kind, as it
     * runs before and after each script; if a Materialize lacks one of the relations, one query per kind, skipping
     * what it does not have (nothing of that kind can be created there either).
     */
    private Set<String> existingObjects() {
        Set<String> names = new LinkedHashSet<>();
        try (Statement s = session().createStatement()) {
            try (var rs = s.executeQuery(createdObjectsListing())) {
                while (rs.next()) {
                    names.add(rs.getString("kind") + " " + PgQuote.ident(rs.getString("name")));
                }
                return names;
            } catch (SQLException e) {
                names.clear();
            }
            for (Kind kind : CREATED_KINDS) {
                try (var rs = s.executeQuery(kind.listing())) {
                    while (rs.next()) {
                        names.add(kind.keyword() + " " + PgQuote.ident(rs.getString("name")));
                    }
                } catch (SQLException e) {
                    // a relation this Materialize does not have
                }
            }
        } catch (SQLException e) {
            throw MaterializeError.of(e, "listing the catalog's user objects");
        }
        return names;
    }

    /**
     * Remembers the objects that exist now but did not before {@code script} ran and that it names: an object
     * someone else created meanwhile (on a shared live region) is not this run's to drop. Objects a script creates
     * without naming them (a default index) go with the object they belong to.
     */
    private void rememberCreated(Set<String> before, String script) {
        String text = script.toLowerCase(Locale.ROOT);
        try {
            List<String> created = new ArrayList<>(existingObjects());
            created.removeAll(before);
            created.stream().filter(o -> text.contains(unquotedName(o).toLowerCase(Locale.ROOT)))
                    .forEach(drops::push);
        } catch (RuntimeException e) {
            Evidence.text("could not list what the script created", String.valueOf(e.getMessage()));
        }
    }

    /** Drops what this run created (sources first, so their replication slots go), newest first within a kind. */
    @Override
    public void close() {
        try {
            dropCreated();
        } finally {
            try {
                if (session != null) {
                    session.close();
                }
            } catch (SQLException e) {
                // the session is gone either way
            }
            session = null;
        }
    }

    private void dropCreated() {
        if (drops.isEmpty()) {
            return;
        }
        List<String> statements = new ArrayList<>();
        for (Kind kind : CREATED_KINDS) {
            String prefix = kind.keyword() + " ";
            drops.stream().filter(o -> o.startsWith(prefix)).forEach(o ->
                    statements.add("DROP " + prefix + "IF EXISTS " + o.substring(prefix.length()) + " CASCADE"));
        }
        drops.clear();
        List<String> failures = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            for (String drop : statements) {
                try {
                    s.execute(drop);
                } catch (SQLException e) {
                    failures.add(drop + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            failures.add("connecting: " + e.getMessage());
        }
        Evidence.sql("clean-up on Materialize", String.join(";\n", statements) + ";");
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not drop what the run created in Materialize (drop it by hand;"
                    + " a source left behind keeps its replication slot upstream): " + Secrets.mask(
                    String.join("; ", failures)));
        }
    }

    /** {@code mz_source} of {@code SOURCE "mz_source"}. */
    private static String unquotedName(String object) {
        String quoted = object.substring(object.indexOf('"'));
        return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }
}
