/**
 * Materialize SQL for the emulator: {@link dev.ingestrunbooks.sandbox.materialize.sql.Lexer} (PostgreSQL lexical
 * rules), a recursive-descent {@link dev.ingestrunbooks.sandbox.materialize.sql.MzParser} into the sealed
 * {@link dev.ingestrunbooks.sandbox.materialize.sql.MzStatement} records,
 * {@link dev.ingestrunbooks.sandbox.materialize.sql.MaterializeStatements#classify(String)} deciding between
 * Materialize statements and plain SQL for the backing PostgreSQL, and planners that apply Materialize's option
 * rules ({@link dev.ingestrunbooks.sandbox.materialize.sql.ConnectionPlanner},
 * {@link dev.ingestrunbooks.sandbox.materialize.sql.ClusterPlanner},
 * {@link dev.ingestrunbooks.sandbox.materialize.sql.SourcePlanner}).
 *
 * <p>Flow in the emulator: classify → parse → plan → apply to
 * {@link dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog}. See {@code docs/materialize.md} §2.
 */
package dev.ingestrunbooks.sandbox.materialize.sql;
