# Guide: "Ingest data from Amazon RDS", section A2 (shortcode postgres-direct/create-a-publication-aws, variant
# "FOR TABLE <table1>, <table2>"). The doc strings hold the guide's SQL verbatim; <placeholders> are filled per scenario.
@rds @A2
Feature: Amazon RDS - A2 Create a publication and a replication user
  Materialize needs a publication on the tables to replicate, with REPLICA IDENTITY FULL, and a user that may
  replicate (member of rds_replication) and read those tables (USAGE on the schema, SELECT on the tables).
  The runbook then proves it: as that user it opens a logical replication connection, creates a temporary
  pgoutput slot, reads each table's snapshot and receives a change made afterwards.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, amount numeric(10,2));
      INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
      INSERT INTO orders VALUES (1, 1, 10.50), (2, 1, 20.00), (3, 2, 7.25);
      """
    And the guide's placeholders:
      | table1 | orders    |
      | table2 | customers |
      | schema | public    |

  Scenario: Publication for specific tables and a replication user that really replicates
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      ALTER TABLE <table2> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>, <table2>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      GRANT SELECT ON <table2> TO materialize;
      """
    Then publication "mz_source" publishes the tables:
      | public.orders    |
      | public.customers |
    And every table of publication "mz_source" has REPLICA IDENTITY FULL
    When "materialize" opens a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then the replication user reads the snapshot of "orders" with every row the admin sees
    And the replication user reads the snapshot of "customers" with every row the admin sees
    When the admin runs:
      """sql
      UPDATE orders SET amount = amount + 1 WHERE id = 1;
      """
    Then the change to "orders" arrives on the replication stream with the full old row

  Scenario: Publication for all tables, with SELECT on all tables in the schema
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      ALTER TABLE <table2> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR ALL TABLES;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON ALL TABLES IN SCHEMA <schema> TO materialize;
      """
    Then publication "mz_source" publishes the tables:
      | public.orders    |
      | public.customers |
    When "materialize" opens a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then the replication user reads the snapshot of "customers" with every row the admin sees
    When the admin runs:
      """sql
      INSERT INTO customers VALUES (3, 'Edsger');
      """
    Then the change to "customers" arrives on the replication stream

  Scenario: Without rds_replication the user may not replicate
    When the admin runs:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """
    And "materialize" tries to open a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then it fails naming guide step "A2" with "may not open a replication connection"

  Scenario: Without SELECT the user cannot read the snapshot
    When the admin runs:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      """
    And "materialize" opens a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    And the replication user tries to read the snapshot of "orders"
    Then it fails naming guide step "A2" with "permission denied for table orders"

  Scenario: Without REPLICA IDENTITY FULL the table is detected and named
    When the admin runs:
      """sql
      ALTER TABLE <table2> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>, <table2>;
      """
    And the admin checks that every table of publication "mz_source" has REPLICA IDENTITY FULL
    Then it fails naming guide step "A2" with "public.orders"
