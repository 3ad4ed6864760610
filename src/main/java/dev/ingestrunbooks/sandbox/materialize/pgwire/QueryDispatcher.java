package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches decoded frontend messages of the query phase to the {@link SqlSession} and answers with backend
 * messages: the simple query protocol and the extended protocol
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html">message flow</a>).
 *
 * <p>After an error in an extended-query batch every message is skipped until Sync, which answers ReadyForQuery
 * with the session's true status ('E' inside a failed block). Limits: Parse does not check the SQL (errors show
 * up at Describe or Execute); each Execute is its own implicit transaction outside a block; no COPY. Notices and
 * changed session parameters are sent before the results of the statement that raised them.
 */
final class QueryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(QueryDispatcher.class);

    private final SqlSession session;
    private final SessionState state;
    private final BackendOutput out;

    QueryDispatcher(SqlSession session, SessionState state, BackendOutput out) {
        this.session = session;
        this.state = state;
        this.out = out;
    }

    /** Handles one message; Terminate and Password are the connection's business, not this class's. */
    void handle(FrontendMessage message) throws IOException {
        if (message instanceof FrontendMessage.Sync) {
            sync();
            return;
        }
        if (state.skippingUntilSync()) {
            return;
        }
        try {
            if (message instanceof FrontendMessage.Query query) {
                simpleQuery(query.sql());
            } else if (message instanceof FrontendMessage.Parse parse) {
                parse(parse);
            } else if (message instanceof FrontendMessage.Bind bind) {
                bind(bind);
            } else if (message instanceof FrontendMessage.Describe describe) {
                describe(describe);
            } else if (message instanceof FrontendMessage.Execute execute) {
                execute(execute);
            } else if (message instanceof FrontendMessage.Close close) {
                close(close);
            } else if (message instanceof FrontendMessage.Flush) {
                out.flush();
            } else {
                throw SqlError.protocolViolation("unexpected message " + message.getClass().getSimpleName());
            }
        } catch (SqlError error) {
            fail(message, error);
        } catch (RuntimeException bug) {
            LOG.warn("pgwire: internal error while handling {}", message.getClass().getSimpleName(), bug);
            fail(message, SqlError.internal("internal error in the emulator: " + bug));
        }
    }

    /**
     * Reports the error; in an extended-query batch, skips what follows until Sync; a simple Query ends at once
     * with ReadyForQuery.
     */
    private void fail(FrontendMessage message, SqlError error) throws IOException {
        out.send(BackendMessages.errorResponse(error));
        if (message instanceof FrontendMessage.Query) {
            out.send(BackendMessages.readyForQuery(session.transactionStatus()));
            out.flush();
        } else {
            state.startSkipping();
        }
    }

    private void sync() throws IOException {
        state.stopSkipping();
        TransactionStatus status = session.transactionStatus();
        if (status == TransactionStatus.IDLE) {
            state.dropPortals();
        }
        out.send(BackendMessages.readyForQuery(status));
        out.flush();
    }

    private void simpleQuery(String sql) throws IOException {
        List<StatementResult> results;
        SqlError failure = null;
        try {
            results = session.executeSimple(sql);
        } catch (SqlSession.SimpleQueryError e) {
            results = e.completed();
            failure = e.error();
        }
        sendNotices();
        for (StatementResult result : results) {
            sendWhole(result);
        }
        if (failure != null) {
            out.send(BackendMessages.errorResponse(failure));
        }
        TransactionStatus status = session.transactionStatus();
        state.closePortal("");
        if (status == TransactionStatus.IDLE) {
            state.dropPortals();
        }
        out.send(BackendMessages.readyForQuery(status));
        out.flush();
    }

    private void sendWhole(StatementResult result) throws IOException {
        if (result instanceof StatementResult.Rows rows) {
            out.send(BackendMessages.rowDescription(rows.columns(), textFormats(rows.columns().size())));
            for (byte[][] row : rows.rows()) {
                out.send(BackendMessages.dataRow(row));
            }
            out.send(BackendMessages.commandComplete(rows.tag()));
        } else {
            sendCompletion(result);
        }
    }

    private void parse(FrontendMessage.Parse parse) throws IOException, SqlError {
        state.putStatement(parse.name(), new NamedStatement(parse.sql(), parse.parameterTypes()));
        out.send(BackendMessages.parseComplete());
    }

    private void bind(FrontendMessage.Bind bind) throws IOException, SqlError {
        NamedStatement statement = state.statement(bind.statement());
        List<Short> formats = bind.parameterFormats();
        int count = bind.parameters().size();
        if (formats.size() > 1 && formats.size() != count) {
            throw SqlError.protocolViolation("bind message has " + formats.size() + " parameter formats but "
                    + count + " parameters");
        }
        List<Parameter> parameters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            short format = formats.isEmpty() ? 0 : formats.get(formats.size() == 1 ? 0 : i);
            parameters.add(new Parameter(bind.parameters().get(i), format == 1, statement.declaredType(i)));
        }
        state.putPortal(bind.portal(), new Portal(statement, parameters, bind.resultFormats()));
        out.send(BackendMessages.bindComplete());
    }

    private void describe(FrontendMessage.Describe describe) throws IOException, SqlError {
        if (describe.kind() == 'S') {
            Description description = state.statement(describe.name()).description(session);
            out.send(BackendMessages.parameterDescription(description.parameterTypes()));
            sendRowDescription(description, textFormats(description.columns().size()));
        } else if (describe.kind() == 'P') {
            Portal portal = state.portal(describe.name());
            Description description = portalDescription(portal);
            sendRowDescription(description, portal.resultFormats(description.columns().size()));
        } else {
            throw SqlError.protocolViolation("invalid DESCRIBE message subtype " + (int) describe.kind());
        }
    }

    private Description portalDescription(Portal portal) throws SqlError {
        if (portal.result() instanceof StatementResult.Rows rows) {
            return new Description(portal.parameterTypes(), rows.columns(), true);
        }
        return session.describe(portal.statement().sql(), portal.parameterTypes());
    }

    private void sendRowDescription(Description description, List<Short> formats) throws IOException, SqlError {
        if (!description.returnsRows()) {
            out.send(BackendMessages.noData());
            return;
        }
        for (int i = 0; i < formats.size(); i++) {
            int type = description.columns().get(i).typeOid();
            if (formats.get(i) == 1 && !BinaryValues.supports(type)) {
                throw BinaryValues.unsupported(type);
            }
        }
        out.send(BackendMessages.rowDescription(description.columns(), formats));
    }

    private void execute(FrontendMessage.Execute execute) throws IOException, SqlError {
        Portal portal = state.portal(execute.portal());
        if (!portal.started()) {
            try {
                portal.start(session.execute(portal.statement().sql(), portal.parameters()));
            } finally {
                sendNotices();
            }
        }
        if (portal.result() instanceof StatementResult.Rows rows) {
            sendRows(portal, rows, execute.maxRows());
        } else {
            sendCompletion(portal.result());
        }
    }

    private void sendNotices() throws IOException {
        for (SqlError notice : session.takeNotices()) {
            out.send(BackendMessages.noticeResponse(notice));
        }
        for (java.util.Map.Entry<String, String> change : session.takeParameterChanges().entrySet()) {
            out.send(BackendMessages.parameterStatus(change.getKey(), change.getValue()));
        }
    }

    private void sendCompletion(StatementResult result) throws IOException {
        if (result instanceof StatementResult.Command command) {
            if (command.tag().equals("DEALLOCATE ALL") || command.tag().equals("DISCARD ALL")) {
                state.closeAllStatements();
            }
            out.send(BackendMessages.commandComplete(command.tag()));
        } else {
            out.send(BackendMessages.emptyQueryResponse());
        }
    }

    private void sendRows(Portal portal, StatementResult.Rows rows, int maxRows) throws IOException, SqlError {
        List<Short> formats = portal.resultFormats(rows.columns().size());
        Iterator<byte[][]> pending = portal.pending();
        int sent = 0;
        while (pending.hasNext() && (maxRows <= 0 || sent < maxRows)) {
            out.send(BackendMessages.dataRow(RowFormats.apply(rows.columns(), formats, pending.next())));
            sent++;
        }
        if (pending.hasNext()) {
            out.send(BackendMessages.portalSuspended());
        } else {
            out.send(BackendMessages.commandComplete(rows.tag()));
        }
    }

    private void close(FrontendMessage.Close close) throws IOException, SqlError {
        switch (close.kind()) {
            case 'S' -> state.closeStatement(close.name());
            case 'P' -> state.closePortal(close.name());
            default -> throw SqlError.protocolViolation("invalid CLOSE message subtype " + (int) close.kind());
        }
        out.send(BackendMessages.closeComplete());
    }

    private static List<Short> textFormats(int count) {
        return java.util.Collections.nCopies(count, (short) 0);
    }
}
