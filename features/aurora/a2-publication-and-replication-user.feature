# Guide: "Ingest data from Amazon Aurora", section A2 (shortcode postgres-direct/create-a-publication-aws, variant
# "FOR TABLE <table1>, <table2>"). The doc strings hold the guide's SQL verbatim; <placeholders> are filled per scenario.
@aurora @A2
Feature: Amazon Aurora - A2 Create a publication and a replication user
  On the writer endpoint: REPLICA IDENTITY FULL, the publication, and a replication user that is proven to
  replicate. The reader endpoint is a hot standby and cannot serve logical replication.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE warehouses (id int PRIMARY KEY, city text NOT NULL);
      CREATE TABLE items (id int PRIMARY KEY, warehouse_id int REFERENCES warehouses, sku text, quantity int);
      INSERT INTO warehouses VALUES (1, 'Lisbon'), (2, 'Oslo');
      INSERT INTO items VALUES (1, 1, 'A-1', 5), (2, 2, 'B-7', 0);
      """
    And the guide's placeholders:
      | table1 | items      |
      | table2 | warehouses |
      | schema | public     |

  Scenario: Publication and replication user on the writer, proven by a replication connection
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
      | public.items      |
      | public.warehouses |
    And every table of publication "mz_source" has REPLICA IDENTITY FULL
    When "materialize" opens a logical replication connection with a temporary pgoutput slot on publication "mz_source"
    Then the replication user reads the snapshot of "items" with every row the admin sees
    And the replication user reads the snapshot of "warehouses" with every row the admin sees
    When the admin runs:
      """sql
      DELETE FROM items WHERE id = 2;
      """
    Then the change to "items" arrives on the replication stream with the full old row

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

  Scenario: Without REPLICA IDENTITY FULL the table is detected and named
    When the admin runs:
      """sql
      CREATE PUBLICATION mz_source FOR TABLE <table1>, <table2>;
      """
    And the admin checks that every table of publication "mz_source" has REPLICA IDENTITY FULL
    Then it fails naming guide step "A2" with "public.items"

  Scenario: The reader endpoint cannot serve logical replication
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """
    And "materialize" tries to open a logical replication connection with a temporary pgoutput slot on publication "mz_source" through the reader endpoint
    Then it fails naming guide step "C2" with "writer endpoint"
