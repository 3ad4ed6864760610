# Guide: "Ingest data from Amazon Aurora" (Materialize docs, edition with sections A1-A2, B, C1-C4, D).
@aurora @A1
Feature: Amazon Aurora - A1 Enable logical replication
  On Aurora PostgreSQL, rds.logical_replication lives in the DB *cluster* parameter group. A custom cluster
  parameter group with rds.logical_replication = 1 is associated with the cluster and the writer instance is
  rebooted. Aurora Serverless v1 cannot use logical replication, and Aurora PostgreSQL 16.1 has a known bug.

  Scenario: Enable logical replication with a custom DB cluster parameter group and a writer reboot
    Given an Aurora PostgreSQL cluster "inventory"
    When the admin checks the setting as the guide shows:
      """sql
      SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication';
      """
    Then the setting "rds.logical_replication" is "off"
    And the cluster supports logical replication
    And the cluster's engine version has no known logical replication bug
    When the admin creates DB cluster parameter group "materialize-logical" for the cluster's engine family
    And the admin sets "rds.logical_replication" to "1" in DB cluster parameter group "materialize-logical" with apply method "pending-reboot"
    And the admin associates DB cluster parameter group "materialize-logical" with the cluster
    Then the cluster uses DB cluster parameter group "materialize-logical"
    And the writer's DB cluster parameter group status is "pending-reboot"
    And the setting "rds.logical_replication" is "off"
    When the admin reboots the cluster's writer instance
    Then the cluster's writer instance becomes "available"
    And the writer's DB cluster parameter group status is "in-sync"
    When the admin checks the setting as the guide shows:
      """sql
      SELECT name, setting FROM pg_settings WHERE name = 'rds.logical_replication';
      """
    Then the setting "rds.logical_replication" is "on"
    And the setting "wal_level" is "logical"

  Scenario: Aurora Serverless v1 cannot use logical replication
    Given an Aurora Serverless v1 cluster "legacy"
    When the admin checks that the cluster supports logical replication
    Then it fails naming guide step "A1" with "Aurora Serverless v1"

  Scenario: Aurora PostgreSQL 16.1 is flagged by the guide's known-bug warning
    Given an Aurora PostgreSQL cluster "inventory" on engine version "16.1"
    When the admin checks the cluster's engine version for known logical replication bugs
    Then it fails naming guide step "A1" with "could not map filenumber"

  Scenario: Without the writer reboot, PostgreSQL refuses logical decoding
    Given an Aurora PostgreSQL cluster "inventory"
    When the admin creates DB cluster parameter group "materialize-logical" for the cluster's engine family
    And the admin sets "rds.logical_replication" to "1" in DB cluster parameter group "materialize-logical" with apply method "pending-reboot"
    And the admin associates DB cluster parameter group "materialize-logical" with the cluster
    And the admin runs:
      """sql
      CREATE TABLE items (id int PRIMARY KEY, sku text);
      ALTER TABLE items REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE items;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      """
    And "materialize" tries to open a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then it fails naming guide step "A1" with "logical decoding requires"
