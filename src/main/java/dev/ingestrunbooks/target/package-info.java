/**
 * Where a run's steps act: {@link dev.ingestrunbooks.target.Target} (sandbox, containers or live) gives the drivers'
 * endpoints; {@link dev.ingestrunbooks.target.RunbookConfig} reads the {@code runbook.*} settings from system properties
 * and environment variables. The sandbox and containers targets are thin adapters over
 * {@link dev.ingestrunbooks.sandbox.Sandbox}; {@link dev.ingestrunbooks.target.SandboxSetup} walks the guide on a
 * sandbox to a healthy setup for the compliance checks. The compliance inventory is in {@code inventory}.
 */
package dev.ingestrunbooks.target;
