/**
 * The pgoutput logical replication protocol (version 1) decoded into sealed message types, with
 * {@link dev.ingestrunbooks.postgres.pgoutput.Lsn} as an unsigned WAL position. Decoding only: applying
 * the messages is the ingest package's job.
 */
package dev.ingestrunbooks.postgres.pgoutput;
