/**
 * The embedded world on loopback. {@link dev.ingestrunbooks.sandbox.Sandbox} is its one composition root: it starts
 * the AWS emulator ({@link dev.ingestrunbooks.sandbox.EmulatedAws}), the databases a caller asks for (each registered
 * with the emulator behind its own security group) and the sandbox Materialize
 * ({@link dev.ingestrunbooks.sandbox.SandboxMaterialize}), and stops them in a safe order. The sandbox and containers
 * targets and the standalone command all use it; this package imports nothing from {@code target}. The pieces
 * themselves live in the sub-packages ({@code rds}, {@code aws}, {@code network}, {@code materialize}).
 */
package dev.ingestrunbooks.sandbox;
