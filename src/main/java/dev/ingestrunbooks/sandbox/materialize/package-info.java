/**
 * The sandbox Materialize: a pgwire server ({@code pgwire}) that parses Materialize's SQL ({@code sql}), keeps its
 * catalog ({@code catalog}), runs sessions and statements ({@code session}) and ingests PostgreSQL sources over real
 * logical replication ({@code ingest}), directly or through an SSH bastion ({@code ssh}); plain SQL runs on a
 * backing embedded PostgreSQL.
 * {@link dev.ingestrunbooks.sandbox.materialize.MaterializeEmulator} starts it.
 */
package dev.ingestrunbooks.sandbox.materialize;
