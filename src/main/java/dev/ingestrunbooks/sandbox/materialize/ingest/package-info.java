/**
 * The sandbox Materialize's PostgreSQL source engine: it really ingests upstream tables (a sandbox RDS/Aurora
 * instance) into tables of a backing PostgreSQL database, independent of SQL parsing and the wire protocol.
 *
 * <p>API for the SQL layer:
 * <ol>
 *   <li>{@code CREATE SOURCE … FROM POSTGRES CONNECTION … (PUBLICATION 'p') FOR TABLES (…)}: first
 *       {@link dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidator#validate(UpstreamEndpoint, String,
 *       java.util.List)} (throws {@link dev.ingestrunbooks.sandbox.materialize.ingest.SourceValidationError} with
 *       SQLSTATE, message, detail, hint as Materialize reports them; returns the tables and columns, e.g. for
 *       subsource DDL), then {@code PostgresSourceIngestion.builder(sourceId).upstream(endpoint).publication(p)
 *       .backing(db).table("public.t", "t").start()}. On restart of the emulator, the same call with the same
 *       source id resumes from the stored progress.</li>
 *   <li>{@code mz_source_statuses}: {@code status()} and {@code tableStatus(target)}; {@code mz_source_statistics}:
 *       {@code statistics()}; {@code mz_postgres_sources.replication_slot}: {@code slotName()}.</li>
 *   <li>{@code ALTER SOURCE … ADD SUBSOURCE}: {@code addTable(new TableMapping("public.t2", "t2"))}.</li>
 *   <li>{@code DROP SOURCE}: {@code drop()} (drop the backing tables yourself); shutdown: {@code close()}.</li>
 * </ol>
 * A SELECT on a subsource whose {@code tableStatus} has an error should fail with
 * {@code source must be dropped and recreated due to failure: <message>} ({@code docs/materialize.md} §4.3).
 *
 * <p>The backing database holds two bookkeeping tables, {@code mz_ingest_sources} and {@code mz_ingest_tables}
 * ({@link dev.ingestrunbooks.sandbox.materialize.ingest.ProgressStore}). {@code PostgresSourceIngestion} runs a
 * source's lifecycle; {@code TableSnapshot} loads the snapshot of a new source's tables or of a table added later
 * (over {@code SnapshotTaker}), and {@code StoredTables} rebuilds the subsources from the progress rows when a
 * source resumes. Layers: {@code pgoutput/} decodes bytes
 * into sealed messages; {@code StreamReader} reads and decodes them ahead on its own thread; {@code ChangeApplier}
 * stages them as consolidated row deltas ({@code RowDelta}) and {@code RowWriter} writes those set-based
 * ({@code DeltaSql}); {@code ReplicationStreamer} runs the apply loop, restarts it on errors and acknowledges LSNs. See
 * {@code docs/materialize.md} §4–§5 and {@code docs/postgres.md} §1–§4.
 */
package dev.ingestrunbooks.sandbox.materialize.ingest;
