/**
 * AWS PRIVATELINK connections of the sandbox Materialize (docs/materialize.md §2.3, §2.5, §3): the SPI through which
 * the sandbox provides VPC endpoints ({@link dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkNetwork},
 * {@link dev.ingestrunbooks.sandbox.materialize.privatelink.EndpointStatus}), the region facts that form principals
 * and check zone ids ({@link dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkConfig}), and the
 * emulator's bookkeeping around them: endpoint requests and deletes, status history, VALIDATE CONNECTION, and the
 * tunnel POSTGRES connections go through
 * ({@link dev.ingestrunbooks.sandbox.materialize.privatelink.PrivateLinkEndpoints}).
 */
package dev.ingestrunbooks.sandbox.materialize.privatelink;
