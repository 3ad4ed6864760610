/**
 * What every part of the product needs to speak to PostgreSQL and Materialize the same way (quoting, for now).
 * No dependencies on the rest of the code base, so drivers and sandbox alike may use it.
 */
package dev.ingestrunbooks.postgres;
