/**
 * Real PostgreSQL servers (embedded binaries from Maven Central) made to look like Amazon RDS and Aurora: the
 * {@code rds_superuser} and {@code rds_replication} roles, the {@code rds.logical_replication} setting, a master user,
 * an Aurora writer with a hot-standby reader that cannot decode, fast starts from a template data directory, and
 * parameter changes that take effect on reboot.
 */
package dev.ingestrunbooks.sandbox.rds;
