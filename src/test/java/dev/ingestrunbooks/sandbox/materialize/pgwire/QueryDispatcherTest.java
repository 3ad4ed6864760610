package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher's message flow, byte for byte, against a scripted session: no sockets, no database. */
class QueryDispatcherTest {

    private static final String READY_IDLE = "5a 00 00 00 05 49";
    private static final String READY_FAILED = "5a 00 00 00 05 45";

    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private FakeSqlSession session;
    private QueryDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        session = new FakeSqlSession();
        dispatcher = new QueryDispatcher(session, new SessionState(), new BackendOutput(wire));
    }

    private String send(FrontendMessage... messages) throws IOException {
        wire.reset();
        for (FrontendMessage message : messages) {
            dispatcher.handle(message);
        }
        dispatcher.handle(new FrontendMessage.Flush());
        return Hex.of(wire.toByteArray());
    }

    private static String hex(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.writeBytes(message);
        }
        return Hex.of(out.toByteArray());
    }

    private static FrontendMessage.Parse parse(String sql) {
        return new FrontendMessage.Parse("", sql, List.of());
    }

    private static FrontendMessage.Bind bind() {
        return new FrontendMessage.Bind("", "", List.of(), List.of(), List.of());
    }

    @Test
    void simpleQueryWithSeveralStatementsSendsOneResultEachThenOneReady() throws IOException {
        String answer = send(new FrontendMessage.Query("SELECT 1; BEGIN"));
        Column n = Column.of("n", PgTypes.INT4);
        assertThat(answer).isEqualTo(hex(BackendMessages.rowDescription(List.of(n), List.of((short) 0)),
                BackendMessages.dataRow(new byte[][] {{'1'}}), BackendMessages.commandComplete("SELECT 1"),
                BackendMessages.commandComplete("BEGIN"), BackendMessages.readyForQuery(TransactionStatus.IN_BLOCK)));
    }

    @Test
    void emptySimpleQueryAnswersEmptyQueryResponse() throws IOException {
        assertThat(send(new FrontendMessage.Query(""))).isEqualTo("49 00 00 00 04 " + READY_IDLE);
    }

    @Test
    void afterAnErrorEverythingUntilSyncIsSkipped() throws IOException {
        String answer = send(parse("FAIL"), bind(), new FrontendMessage.Execute("", 0),
                parse("SELECT 1"), bind(), new FrontendMessage.Execute("", 0), new FrontendMessage.Sync());
        assertThat(answer).isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                BackendMessages.errorResponse(SqlError.error("42601", "syntax error"))) + " " + READY_IDLE);
        assertThat(session.executed).containsExactly("FAIL");

        assertThat(send(parse("SELECT 1"), bind(), new FrontendMessage.Execute("", 0), new FrontendMessage.Sync()))
                .isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                        BackendMessages.dataRow(new byte[][] {{'1'}}), BackendMessages.commandComplete("SELECT 1"),
                        BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void syncReportsAFailedBlockAsE() throws IOException {
        send(new FrontendMessage.Query("BEGIN"));
        String answer = send(parse("FAIL"), bind(), new FrontendMessage.Execute("", 0), new FrontendMessage.Sync());
        assertThat(answer).endsWith(READY_FAILED);
        assertThat(send(new FrontendMessage.Query("ROLLBACK"))).endsWith(READY_IDLE);
    }

    @Test
    void rowLimitSuspendsThePortalAndTheNextExecuteResumes() throws IOException {
        String answer = send(parse("SELECT 3"), bind(), new FrontendMessage.Execute("", 2),
                new FrontendMessage.Execute("", 2), new FrontendMessage.Sync());
        assertThat(answer).isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                BackendMessages.dataRow(new byte[][] {{'1'}}), BackendMessages.dataRow(new byte[][] {{'2'}}),
                BackendMessages.portalSuspended(), BackendMessages.dataRow(new byte[][] {{'3'}}),
                BackendMessages.commandComplete("SELECT 3"), BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void describeStatementSendsParameterAndRowDescriptions() throws IOException {
        String answer = send(new FrontendMessage.Parse("s1", "SELECT 1", List.of(PgTypes.INT8)),
                new FrontendMessage.Describe('S', "s1"), new FrontendMessage.Describe('S', "nope"),
                new FrontendMessage.Sync());
        assertThat(answer).isEqualTo(hex(BackendMessages.parseComplete(),
                BackendMessages.parameterDescription(List.of(PgTypes.INT8)),
                BackendMessages.rowDescription(List.of(Column.of("n", PgTypes.INT4)), List.of((short) 0)),
                BackendMessages.errorResponse(SqlError.undefinedStatement("nope")),
                BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void binaryResultFormatConvertsTheTextValue() throws IOException {
        FrontendMessage.Bind binary = new FrontendMessage.Bind("p", "", List.of(), List.of(), List.of((short) 1));
        String answer = send(parse("SELECT 1"), binary, new FrontendMessage.Describe('P', "p"),
                new FrontendMessage.Execute("p", 0), new FrontendMessage.Close('P', "p"), new FrontendMessage.Sync());
        assertThat(answer).isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                BackendMessages.rowDescription(List.of(Column.of("n", PgTypes.INT4)), List.of((short) 1)),
                BackendMessages.dataRow(new byte[][] {{0, 0, 0, 1}}), BackendMessages.commandComplete("SELECT 1"),
                BackendMessages.closeComplete(), BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void aBugInTheEngineBecomesAnInternalErrorNotADeadConnection() throws IOException {
        SqlSession broken = new FakeSqlSession() {
            @Override
            public StatementResult execute(String sql, List<Parameter> parameters) {
                throw new IllegalStateException("boom");
            }
        };
        dispatcher = new QueryDispatcher(broken, new SessionState(), new BackendOutput(wire));
        SqlError internal = SqlError.internal("internal error in the emulator: java.lang.IllegalStateException: boom");
        assertThat(send(new FrontendMessage.Query("SELECT 1")))
                .isEqualTo(hex(BackendMessages.errorResponse(internal), BackendMessages.readyForQuery(TransactionStatus.IDLE)));
        assertThat(send(parse("SELECT 1"), bind(), new FrontendMessage.Execute("", 0), new FrontendMessage.Sync()))
                .isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                        BackendMessages.errorResponse(internal), BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void namedPortalsLiveUntilTheTransactionEnds() throws IOException {
        FrontendMessage.Bind named = new FrontendMessage.Bind("c1", "", List.of(), List.of(), List.of());
        send(new FrontendMessage.Query("BEGIN"), parse("SELECT 2"), named, new FrontendMessage.Execute("c1", 1),
                new FrontendMessage.Sync());
        assertThat(send(new FrontendMessage.Query("SELECT 0"), new FrontendMessage.Execute("c1", 1),
                new FrontendMessage.Sync())).endsWith(hex(BackendMessages.dataRow(new byte[][] {{'2'}}),
                BackendMessages.commandComplete("SELECT 2"), BackendMessages.readyForQuery(TransactionStatus.IN_BLOCK)));
        send(new FrontendMessage.Query("COMMIT"));
        assertThat(send(new FrontendMessage.Execute("c1", 1), new FrontendMessage.Sync()))
                .isEqualTo(hex(BackendMessages.errorResponse(SqlError.undefinedCursor("c1")),
                        BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void namingErrorsAndBadFormatCountsAreErrorsThatSkipUntilSync() throws IOException {
        FrontendMessage.Parse named = new FrontendMessage.Parse("s", "SELECT 1", List.of());
        assertThat(send(named, named, new FrontendMessage.Sync())).isEqualTo(hex(BackendMessages.parseComplete(),
                BackendMessages.errorResponse(SqlError.error("42P05", "prepared statement \"s\" already exists")),
                BackendMessages.readyForQuery(TransactionStatus.IDLE)));
        FrontendMessage.Bind badFormats = new FrontendMessage.Bind("", "s", List.of((short) 0, (short) 0),
                List.of(new byte[] {'1'}), List.of());
        assertThat(send(badFormats, new FrontendMessage.Sync())).isEqualTo(hex(
                BackendMessages.errorResponse(SqlError.protocolViolation(
                        "bind message has 2 parameter formats but 1 parameters")),
                BackendMessages.readyForQuery(TransactionStatus.IDLE)));
        assertThat(send(new FrontendMessage.Close('S', "s"), new FrontendMessage.Close('P', "none"),
                new FrontendMessage.Sync())).isEqualTo(hex(BackendMessages.closeComplete(),
                BackendMessages.closeComplete(), BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void deallocateAllDropsEveryPreparedStatement() throws IOException {
        send(new FrontendMessage.Parse("s", "SELECT 1", List.of()), new FrontendMessage.Sync());
        send(new FrontendMessage.Query("DEALLOCATE ALL"));
        assertThat(send(new FrontendMessage.Describe('S', "s"), new FrontendMessage.Sync()))
                .isEqualTo(hex(BackendMessages.errorResponse(SqlError.undefinedStatement("s")),
                        BackendMessages.readyForQuery(TransactionStatus.IDLE)));
    }

    @Test
    void describeOfACommandIsNoData() throws IOException {
        assertThat(send(parse("BEGIN"), bind(), new FrontendMessage.Describe('P', "")))
                .isEqualTo(hex(BackendMessages.parseComplete(), BackendMessages.bindComplete(),
                        BackendMessages.noData()));
    }
}
