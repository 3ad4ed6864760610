/**
 * The read-only compliance checks ("setup health"): each check is a {@link dev.ingestrunbooks.drivers.health.CheckDefinition}
 * (id, guide step, severity, category, risk, remediation) plus one read through a
 * {@link dev.ingestrunbooks.drivers.health.SetupProbe}, which can only read (read-only upstream sessions, SELECT/SHOW
 * on Materialize, Describe calls on AWS). {@link dev.ingestrunbooks.drivers.health.HealthRun} turns every outcome,
 * errors included, into a {@link dev.ingestrunbooks.drivers.health.CheckResult}; the check families are
 * {@code LogicalReplicationChecks} (A1), {@code PublicationChecks} (A2) and {@code SourceChecks} (C2 to C4), listed by
 * {@link dev.ingestrunbooks.drivers.health.CheckCatalog}. No Cucumber here: the compliance runbooks call these.
 */
package dev.ingestrunbooks.drivers.health;
