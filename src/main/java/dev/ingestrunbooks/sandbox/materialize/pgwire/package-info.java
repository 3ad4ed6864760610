/**
 * The PostgreSQL v3 wire protocol of the sandbox Materialize emulator
 * (<a href="https://www.postgresql.org/docs/current/protocol.html">frontend/backend protocol</a>), in layers:
 *
 * <ul>
 *   <li>framing: {@link dev.ingestrunbooks.sandbox.materialize.pgwire.FrameReader} (after startup) and
 *       {@code sandbox.network.StartupPacketReader} (startup packets);</li>
 *   <li>decoding: {@link dev.ingestrunbooks.sandbox.materialize.pgwire.FrontendDecoder} into the sealed
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.FrontendMessage};</li>
 *   <li>dispatch: {@code ClientConnection} (startup, authentication, read loop) and {@code QueryDispatcher}
 *       (simple and extended query flow), with per-connection state in {@code SessionState};</li>
 *   <li>encoding: {@link dev.ingestrunbooks.sandbox.materialize.pgwire.BackendMessages}, one method per backend
 *       message, and {@link dev.ingestrunbooks.sandbox.materialize.pgwire.BinaryValues} for binary results;</li>
 *   <li>SQL: the {@link dev.ingestrunbooks.sandbox.materialize.pgwire.SqlEngine} /
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession} seam, implemented today by
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.BackingPostgresEngine}. The Materialize statement
 *       layer (CREATE SECRET/CONNECTION/SOURCE, SHOW, mz_catalog) belongs in {@code materialize.sql} as an engine
 *       that handles its statements and delegates the rest to the backing engine, its sessions extending
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.ForwardingSqlSession}.</li>
 * </ul>
 */
package dev.ingestrunbooks.sandbox.materialize.pgwire;
