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
 *       message, {@link dev.ingestrunbooks.sandbox.materialize.pgwire.BinaryValues} for binary results, and
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.IntervalText} for Materialize's interval text;</li>
 *   <li>SQL: the {@link dev.ingestrunbooks.sandbox.materialize.pgwire.SqlEngine} /
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.SqlSession} seam, implemented today by
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.BackingPostgresEngine}, which passes SQL to the backing
 *       PostgreSQL, and by the Materialize statement layer in the {@code session/} package
 *       ({@code dev.ingestrunbooks.sandbox.materialize.session}): {@code MaterializeEngine} handles CREATE
 *       SECRET/CONNECTION/SOURCE, SHOW and the mz_catalog relations and delegates the rest to the backing engine,
 *       its {@code MaterializeSession}s extending
 *       {@link dev.ingestrunbooks.sandbox.materialize.pgwire.ForwardingSqlSession}.</li>
 * </ul>
 */
package dev.ingestrunbooks.sandbox.materialize.pgwire;
