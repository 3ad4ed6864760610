/**
 * The loopback network of the sandbox. Every public endpoint is a front on the instance's loopback "public IP" that
 * asks an {@link dev.ingestrunbooks.sandbox.network.AdmissionRule} about each client (source address, and for
 * PostgreSQL the startup packet) before it forwards bytes to the real server:
 * {@link dev.ingestrunbooks.sandbox.network.PgFrontProxy} for database endpoints (reads the startup packet, can refuse
 * with a FATAL error), {@link dev.ingestrunbooks.sandbox.network.TcpFront} for any other TCP service (e.g. an SSH
 * bastion; can move to a new address keeping its port). Both drop refused clients silently, as a security group does.
 * The accept loop, socket bookkeeping, byte relay and silent hold are shared (FrontListener, Relay).
 */
package dev.ingestrunbooks.sandbox.network;
