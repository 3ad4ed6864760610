package dev.ingestrunbooks.sandbox.materialize.ingest;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections to the PostgreSQL database that stores the emulated Materialize's data (the subsource tables
 * and the ingestion progress), e.g. {@code () -> backingServer.connect("materialize")}.
 */
@FunctionalInterface
public interface BackingDatabase {

    Connection open() throws SQLException;
}
