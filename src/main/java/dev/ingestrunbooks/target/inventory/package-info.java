/**
 * The setups a compliance run checks: the YAML inventory ({@link dev.ingestrunbooks.target.inventory.Inventory},
 * format in {@code docs/inventory.md}), one {@link dev.ingestrunbooks.target.inventory.SetupSpec} per setup, passwords
 * only by reference ({@link dev.ingestrunbooks.target.inventory.SecretRef}), and the AWS client a setup's checks use.
 */
package dev.ingestrunbooks.target.inventory;
