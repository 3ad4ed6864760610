/**
 * The Materialize statement layer of the sandbox emulator: {@link
 * dev.ingestrunbooks.sandbox.materialize.session.MaterializeEngine} opens a
 * {@link dev.ingestrunbooks.sandbox.materialize.session.MaterializeSession} per client, which classifies each
 * statement ({@code MaterializeStatements.classify}), executes Materialize's own statements against the shared
 * {@code MzCatalog} ({@link dev.ingestrunbooks.sandbox.materialize.session.StatementExecutor}) and running
 * ingestions ({@link dev.ingestrunbooks.sandbox.materialize.session.SourceManager}: the sources' lifecycle, with
 * {@link dev.ingestrunbooks.sandbox.materialize.session.ConnectionEndpoints} turning connections into upstream
 * endpoints through SSH tunnels or PrivateLink, and
 * {@link dev.ingestrunbooks.sandbox.materialize.session.SourceBackingObjects} keeping the backing schemas and
 * progress views that belong to sources), and forwards everything else
 * to the backing PostgreSQL session, after refreshing the catalog relations it mentions
 * ({@link dev.ingestrunbooks.sandbox.materialize.session.CatalogTables}: {@code mz_sources},
 * {@code mz_internal.mz_source_statuses} with the ingestions' live status, …).
 * Forwarded SQL and its results are adjusted where PostgreSQL's answer for the same data differs from
 * Materialize's ({@link dev.ingestrunbooks.sandbox.materialize.session.MaterializeTypes}: {@code pg_typeof} names,
 * interval text; {@code docs/materialize.md} §7). Errors keep Materialize's SQLSTATE and text
 * ({@link dev.ingestrunbooks.sandbox.materialize.session.Errors}).
 */
package dev.ingestrunbooks.sandbox.materialize.session;
