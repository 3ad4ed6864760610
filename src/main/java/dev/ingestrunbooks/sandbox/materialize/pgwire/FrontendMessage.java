package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.util.List;

/**
 * The frontend messages the server understands after startup, decoded
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">message formats</a>).
 */
public sealed interface FrontendMessage {

    /** 'Q': a simple query string. */
    record Query(String sql) implements FrontendMessage {
    }

    /** 'P': prepare {@code sql} as statement {@code name} ("" = unnamed) with declared parameter types. */
    record Parse(String name, String sql, List<Integer> parameterTypes) implements FrontendMessage {
    }

    /** 'B': bind a statement's parameters into a portal; format lists as sent (0, 1 or n entries). */
    record Bind(String portal, String statement, List<Short> parameterFormats, List<byte[]> parameters,
                List<Short> resultFormats) implements FrontendMessage {
    }

    /** 'D': describe a statement ({@code 'S'}) or portal ({@code 'P'}). */
    record Describe(char kind, String name) implements FrontendMessage {
    }

    /** 'E': run a portal; {@code maxRows} 0 means all rows. */
    record Execute(String portal, int maxRows) implements FrontendMessage {
    }

    /** 'C': close a statement ({@code 'S'}) or portal ({@code 'P'}). */
    record Close(char kind, String name) implements FrontendMessage {
    }

    /** 'S': end of an extended-query batch; the server answers ReadyForQuery. */
    record Sync() implements FrontendMessage {
    }

    /** 'H': send what is buffered. */
    record Flush() implements FrontendMessage {
    }

    /** 'X': the client leaves. */
    record Terminate() implements FrontendMessage {
    }

    /** 'p': a password in answer to AuthenticationCleartextPassword. */
    record Password(String password) implements FrontendMessage {
    }
}
