/**
 * The loopback network of the sandbox: {@link dev.ingestrunbooks.sandbox.network.PgFrontProxy}, the TCP front of each
 * database endpoint, reads a client's startup packet and admits or refuses it by rule (source address, replication
 * rights) before it forwards bytes to the real server.
 */
package dev.ingestrunbooks.sandbox.network;
