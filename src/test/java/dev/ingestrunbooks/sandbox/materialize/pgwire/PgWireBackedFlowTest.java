package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static dev.ingestrunbooks.sandbox.materialize.pgwire.RawPgClient.cString;
import static dev.ingestrunbooks.sandbox.materialize.pgwire.RawPgClient.int16;
import static dev.ingestrunbooks.sandbox.materialize.pgwire.RawPgClient.int32;
import static dev.ingestrunbooks.sandbox.materialize.pgwire.RawPgClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.sandbox.rds.EmbeddedPostgresServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message flow a hand-written client sees from the server backed by embedded PostgreSQL. */
class PgWireBackedFlowTest {

    static EmbeddedPostgresServer backing;
    static PgWireServer server;
    static BackedServer fixture;

    @BeforeAll
    static void start() {
        fixture = BackedServer.start("pgwire-flow", s -> s.withServerVersion("0.130.0"));
        backing = fixture.backing;
        server = fixture.server;
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aSimpleQueryStopsAtTheFailingStatementAndReportsTheTrueStatus() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            assertThat(client.query("BEGIN; SELECT 1 AS a; SELECT 1/0; SELECT 3")).containsExactly(
                    "CBEGIN|",
                    "T|\u0001a||||||||||\u0017|\u0004ÿÿÿÿ||",
                    "D|\u0001|||\u00011",
                    "CSELECT 1|",
                    "ESERROR|VERROR|C22012|Mdivision by zero||",
                    "ZE");
            assertThat(client.query("SELECT 1")).containsExactly(
                    "ESERROR|VERROR|C25P02|Mcurrent transaction is aborted, commands ignored until end of transaction"
                            + " block||", "ZE");
            assertThat(client.query("ROLLBACK")).containsExactly("CROLLBACK|", "ZI");
            assertThat(client.query("BEGIN")).containsExactly("CBEGIN|", "ZT");
            assertThat(client.query("COMMIT")).containsExactly("CCOMMIT|", "ZI");
        }
    }

    @Test
    void noticesOfTheBackingServerAreRelayedBeforeTheResult() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            assertThat(client.query("DROP TABLE IF EXISTS never_there")).containsExactly(
                    "NSNOTICE|VNOTICE|C00000|Mtable \"never_there\" does not exist, skipping||",
                    "CDROP TABLE|", "ZI");
            client.send(message('P', cString(""), cString("DROP VIEW IF EXISTS nor_this"), int16(0)),
                    message('B', cString(""), cString(""), int16(0), int16(0), int16(0)),
                    message('E', cString(""), int32(0)), message('S'));
            assertThat(client.readUntilReady()).containsExactly("1", "2",
                    "NSNOTICE|VNOTICE|C00000|Mview \"nor_this\" does not exist, skipping||",
                    "CDROP VIEW|", "ZI");
        }
    }

    @Test
    void setRelaysTheChangedParameterStatus() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            assertThat(client.query("SET TimeZone = 'Europe/Berlin'"))
                    .containsExactly("STimeZone|Europe/Berlin|", "CSET|", "ZI");
            assertThat(client.query("SET TimeZone = 'Europe/Berlin'")).containsExactly("CSET|", "ZI");
            assertThat(client.query("SELECT '2024-01-01 00:00:00+00'::timestamptz::text AS t"))
                    .contains("D|\u0001|||\u00162024-01-01 01:00:00+01");
        }
    }

    /** The seam a Materialize-statement layer uses: answer its own statements, delegate the rest. */
    @Test
    void anEngineInFrontOfTheBackingEngineAnswersItsOwnStatements() throws Exception {
        BackingPostgresEngine backingEngine = new BackingPostgresEngine((user, database) -> backing.connect("postgres"));
        SqlEngine layered = (user, database, startup) -> new ShowClusterSession(backingEngine.open(user, database, startup));
        try (PgWireServer front = new PgWireServer(layered).start();
             java.sql.Connection c = java.sql.DriverManager.getConnection(front.jdbcUrl("materialize"), "u", "");
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SHOW cluster")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("cluster")).isEqualTo("quickstart");
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            s.execute("DROP TABLE IF EXISTS not_here");
            java.sql.SQLWarning warning = s.getWarnings();
            assertThat(warning != null).as("notices pass through the layer").isTrue();
            assertThat(warning.getMessage()).contains("table \"not_here\" does not exist, skipping");
        }
    }

    /** Example layer: {@code SHOW cluster} is answered here, everything else goes to PostgreSQL. */
    private static final class ShowClusterSession extends ForwardingSqlSession {
        private static final java.util.List<Column> COLUMNS = java.util.List.of(Column.of("cluster", PgTypes.TEXT));

        ShowClusterSession(SqlSession delegate) {
            super(delegate);
        }

        private static boolean mine(String sql) {
            return sql.trim().equalsIgnoreCase("SHOW cluster");
        }

        @Override
        public java.util.List<StatementResult> executeSimple(String sql) throws SimpleQueryError {
            return mine(sql) ? java.util.List.of(cluster()) : super.executeSimple(sql);
        }

        @Override
        public Description describe(String sql, java.util.List<Integer> parameterTypes) throws SqlError {
            return mine(sql) ? new Description(java.util.List.of(), COLUMNS, true) : super.describe(sql, parameterTypes);
        }

        @Override
        public StatementResult execute(String sql, java.util.List<Parameter> parameters) throws SqlError {
            return mine(sql) ? cluster() : super.execute(sql, parameters);
        }

        private static StatementResult cluster() {
            byte[][] row = {"quickstart".getBytes(java.nio.charset.StandardCharsets.UTF_8)};
            return new StatementResult.Rows(COLUMNS, java.util.List.<byte[][]>of(row), "SHOW");
        }
    }

    @Test
    void emptyQueriesAnswerEmptyQueryResponse() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            assertThat(client.query("")).containsExactly("I", "ZI");
            client.send(message('P', cString(""), cString(""), int16(0)),
                    message('B', cString(""), cString(""), int16(0), int16(0), int16(0)),
                    message('E', cString(""), int32(0)), message('S'));
            assertThat(client.readUntilReady()).containsExactly("1", "2", "I", "ZI");
        }
    }

    @Test
    void errorsCarryDetailAndHintFromPostgres() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            client.query("CREATE TABLE uniq(v int PRIMARY KEY); INSERT INTO uniq VALUES (1)");
            assertThat(client.query("INSERT INTO uniq VALUES (1)")).containsExactly(
                    "ESERROR|VERROR|C23505|Mduplicate key value violates unique constraint \"uniq_pkey\"|"
                            + "DKey (v)=(1) already exists.||", "ZI");
        }
    }

    @Test
    void extendedProtocolWithTextParametersAndDescribe() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            client.send(message('P', cString("s"), cString("SELECT $1::int4 + 1 AS n"), int16(0)),
                    message('D', new byte[] {'S'}, cString("s")),
                    message('B', cString("p"), cString("s"), int16(0), int16(1), int32(1), new byte[] {'4'}, int16(0)),
                    message('E', cString("p"), int32(0)),
                    message('C', new byte[] {'S'}, cString("s")), message('S'));
            assertThat(client.readUntilReady()).containsExactly("1",
                    "t|\u0001|||\u0017",
                    "T|\u0001n||||||||||\u0017|\u0004ÿÿÿÿ||",
                    "2", "D|\u0001|||\u00015", "CSELECT 1|", "3", "ZI");
        }
    }

    @Test
    void announcesTheConfiguredServerVersion() throws IOException {
        try (RawPgClient client = new RawPgClient(server.port(), null)) {
            assertThat(client.greeting()).contains("Sserver_version|0.130.0|").last().isEqualTo("ZI");
        }
    }
}
