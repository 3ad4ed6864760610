/**
 * The guide's end-to-end replication check: a logical replication connection as the replication user on a temporary
 * slot (dropped by PostgreSQL when the connection closes, even if the run dies), decoding what the publication sends.
 */
package dev.ingestrunbooks.drivers.replication;
