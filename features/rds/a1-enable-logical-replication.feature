# Guide: "Ingest data from Amazon RDS" (Materialize docs, edition with sections A1-A2, B, C1-C4, D).
@rds @A1
Feature: Amazon RDS - A1 Enable logical replication
  Materialize reads changes through PostgreSQL logical replication. On Amazon RDS the static parameter
  rds.logical_replication is set to 1 in a custom DB parameter group, the group is associated with the
  instance, and the instance is rebooted, which sets wal_level to logical.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"

  Scenario: Logical replication is off on a new instance
    When the admin checks the setting as the guide shows:
      """sql
      SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication';
      """
    Then the setting "rds.logical_replication" is "off"
    And the setting "wal_level" is "replica"

  Scenario: Enable logical replication with a custom DB parameter group and a reboot
    When the admin creates DB parameter group "materialize-logical" for the instance's engine family
    And the admin sets "rds.logical_replication" to "1" in DB parameter group "materialize-logical" with apply method "pending-reboot"
    And the admin associates DB parameter group "materialize-logical" with the instance
    Then the instance becomes "available"
    And the instance's DB parameter group "materialize-logical" is "pending-reboot"
    And the setting "rds.logical_replication" is "off"
    When the admin reboots the instance
    Then the instance becomes "available"
    And the instance's DB parameter group "materialize-logical" is "in-sync"
    When the admin checks the setting as the guide shows:
      """sql
      SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication';
      """
    Then the setting "rds.logical_replication" is "on"
    And the setting "wal_level" is "logical"

  Scenario: A static parameter cannot be applied immediately
    When the admin creates DB parameter group "materialize-logical" for the instance's engine family
    And the admin tries to set "rds.logical_replication" to "1" in DB parameter group "materialize-logical" with apply method "immediate"
    Then it fails with AWS error "InvalidParameterCombination" saying "cannot use immediate apply method for static parameter"

  Scenario: Without the reboot, PostgreSQL refuses logical decoding
    When the admin creates DB parameter group "materialize-logical" for the instance's engine family
    And the admin sets "rds.logical_replication" to "1" in DB parameter group "materialize-logical" with apply method "pending-reboot"
    And the admin associates DB parameter group "materialize-logical" with the instance
    And the admin runs:
      """sql
      CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));
      ALTER TABLE orders REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE orders;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      """
    And "materialize" tries to open a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then it fails naming guide step "A1" with "logical decoding requires"

  Scenario: Without associating the parameter group, the reboot leaves logical replication off
    When the admin creates DB parameter group "materialize-logical" for the instance's engine family
    And the admin sets "rds.logical_replication" to "1" in DB parameter group "materialize-logical" with apply method "pending-reboot"
    And the admin reboots the instance
    Then the instance becomes "available"
    And the instance still uses its default DB parameter group
    When the admin checks that the setting "rds.logical_replication" is "on"
    Then it fails naming guide step "A1" with "rds.logical_replication is 'off', not 'on'"

  Scenario: Without creating the parameter group, setting the parameter fails
    When the admin tries to set "rds.logical_replication" to "1" in DB parameter group "materialize-logical" with apply method "pending-reboot"
    Then it fails naming guide step "A1" with "DBParameterGroupNotFound"
