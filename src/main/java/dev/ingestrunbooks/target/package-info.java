/**
 * Where a run's steps act: {@link dev.ingestrunbooks.target.Target} (sandbox, containers or live) gives the drivers'
 * endpoints; {@link dev.ingestrunbooks.target.RunbookConfig} reads the {@code runbook.*} settings from system properties
 * and environment variables. The compliance inventory is in {@code inventory}.
 */
package dev.ingestrunbooks.target;
