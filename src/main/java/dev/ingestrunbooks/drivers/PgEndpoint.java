package dev.ingestrunbooks.drivers;

import java.util.Properties;

/** Where a PostgreSQL server listens: what {@code psql -h host -p port -d database} needs besides a user. */
public record PgEndpoint(String host, int port, String database) {

    /** The pgJDBC URL. */
    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** Connection properties for {@code user}; the password is never part of the URL, so it never reaches a log. */
    public Properties properties(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "ingest-runbooks");
        props.setProperty("connectTimeout", "10");
        return props;
    }

    public PgEndpoint withDatabase(String otherDatabase) {
        return new PgEndpoint(host, port, otherDatabase);
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + database;
    }
}
