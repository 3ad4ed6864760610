/**
 * The embedded world the sandbox and containers targets run on: {@link dev.ingestrunbooks.sandbox.EmbeddedTarget} owns
 * the AWS emulator ({@link dev.ingestrunbooks.sandbox.EmulatedAws}), the databases a scenario declares and the sandbox
 * Materialize ({@link dev.ingestrunbooks.sandbox.SandboxMaterialize}), and stops them newest first;
 * {@link dev.ingestrunbooks.sandbox.SandboxSetup} walks the guide to a healthy setup for the compliance checks. The
 * pieces themselves live in the sub-packages ({@code rds}, {@code aws}, {@code network}, {@code materialize}).
 */
package dev.ingestrunbooks.sandbox;
