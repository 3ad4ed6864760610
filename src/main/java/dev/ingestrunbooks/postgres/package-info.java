/**
 * What every part of the product needs to speak to PostgreSQL and Materialize the same way: quoting
 * ({@link dev.ingestrunbooks.postgres.PgQuote}), closing a dropped connection
 * ({@link dev.ingestrunbooks.postgres.Connections}) and the pgoutput logical replication protocol ({@code pgoutput}), used
 * by the guide's replication check (drivers) and by the sandbox Materialize's ingestion alike. No dependencies on the
 * rest of the code base.
 */
package dev.ingestrunbooks.postgres;
