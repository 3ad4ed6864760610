/**
 * What runbook steps call, with no Cucumber here: {@link dev.ingestrunbooks.drivers.AwsControlPlane} (the real AWS SDK
 * v2), {@link dev.ingestrunbooks.drivers.UpstreamPostgres} and {@link dev.ingestrunbooks.drivers.Materialize} (pgJDBC,
 * as a guide reader uses psql), and the checks and diagnoses that turn what they see into failures naming the guide
 * step that fixes them ({@link dev.ingestrunbooks.drivers.RunbookFailure}, {@link dev.ingestrunbooks.drivers.GuideStep}).
 * The compliance checks are in {@code health}.
 */
package dev.ingestrunbooks.drivers;
