/**
 * The RDS part of the AWS emulator: a backend with instances, clusters and (cluster) parameter groups and AWS's state
 * machine (a static parameter is applied {@code pending-reboot} and takes effect at the reboot, which restarts the real
 * PostgreSQL with the new settings), and one handler per action that unpacks parameters and writes results.
 */
package dev.ingestrunbooks.sandbox.aws.rds;
