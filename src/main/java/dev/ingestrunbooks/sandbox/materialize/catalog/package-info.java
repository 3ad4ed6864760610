/**
 * The emulated Materialize catalog: {@link dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog} (secrets,
 * connections, clusters with replicas, sources with subsources and progress collections, DROP rules),
 * {@link dev.ingestrunbooks.sandbox.materialize.catalog.CatalogRelations} and
 * {@link dev.ingestrunbooks.sandbox.materialize.catalog.ShowResults} (rows of the system relations and SHOW
 * commands with Materialize's column names), and {@link dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors}
 * (every error text and SQLSTATE). Independent of the SQL layer; see {@code docs/materialize.md}
 * §2–§3.
 */
package dev.ingestrunbooks.sandbox.materialize.catalog;
