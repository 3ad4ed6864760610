# Guide: "Ingest data from Amazon Aurora", section "Considerations" (the same shared content as the RDS guide; the
# RDS runbook covers every case, this one the ones that touch the Aurora writer's replication slot).
@aurora @Considerations
Feature: Amazon Aurora - Considerations: upstream changes while Materialize ingests
  On the writer endpoint, a TRUNCATE errors the truncated table while the others keep running, and dropping the
  source gives its replication slot back.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE warehouses (id int PRIMARY KEY, city text NOT NULL);
      CREATE TABLE items (id int PRIMARY KEY, warehouse_id int, sku text);
      INSERT INTO warehouses VALUES (1, 'Lisbon'), (2, 'Oslo');
      INSERT INTO items SELECT g, 1 + g % 2, 'SKU-' || g FROM generate_series(1, 100) g;
      """
    And the guide's placeholders:
      | table1 | items      |
      | table2 | warehouses |
      | schema | public     |
    And the admin runs the guide's SQL:
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
    # B (tab "Allow Materialize IPs"): the database's security group admits Materialize's egress IPs on its port
    And the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the database's security group for each egress IP, on port "<port>"
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');

      SET CLUSTER = ingest_postgres;

      CREATE SECRET pgpass AS '<PASSWORD>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<host>',
        PORT <port>,
        USER 'materialize',
        PASSWORD SECRET pgpass,
        SSL MODE 'require',
        DATABASE '<database>'
        );

      CREATE SOURCE mz_source
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    And "items" in Materialize equals "public.items" upstream

  Scenario: TRUNCATE on the writer errors the truncated table only
    When the admin runs:
      """sql
      TRUNCATE items;
      """
    Then the status of "items" becomes "stalled" with an error containing "table was truncated"
    And the status of "warehouses" stays "running"

  Scenario: Dropping the source gives the writer's replication slot back
    When the Materialize user runs the guide's query:
      """sql
      SELECT s.name, pgs.replication_slot FROM mz_sources AS s JOIN mz_internal.mz_postgres_sources AS pgs ON s.id = pgs.id;
      """
    And the guide's "slot_name" is the result's "replication_slot"
    Then the upstream replication slot "<slot_name>" is active
    When the Materialize user runs:
      """sql
      DROP SOURCE mz_source CASCADE;
      """
    Then the upstream replication slot "<slot_name>" is gone
