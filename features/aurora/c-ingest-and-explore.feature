# Guide: "Ingest data from Amazon Aurora", sections C1-C4 and D (same shortcodes as the RDS guide: create-a-cluster
# variant '50cc', check-the-ingestion-status variant 2, right-size-the-cluster newest variant), on the "prototyping,
# publicly accessible" path. Aurora's CREATE SOURCE omits `IN CLUSTER ingest_postgres`: the source runs in the
# session's cluster, set by C1's `SET CLUSTER`. As in the RDS runbook, `PORT 5432` is `PORT <port>` and the sandbox
# accepts `SSL MODE 'require'` but connects in plain text.
@aurora
Feature: Amazon Aurora - C Start ingesting into Materialize, D explore the data
  Materialize connects to the cluster's writer endpoint: a cluster, a secret, a connection and a source, then the
  guide's status and statistics checks, right-sizing, the slot upstream, and replicas equal to their upstream
  tables. The reader endpoint cannot serve logical replication, and the runbook says to use the writer.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE warehouses (id int PRIMARY KEY, city text NOT NULL);
      CREATE TABLE items (id int PRIMARY KEY, warehouse_id int REFERENCES warehouses, sku text, quantity int,
                          attributes jsonb, restocked_at timestamptz);
      INSERT INTO warehouses SELECT g, 'city ' || g FROM generate_series(1, 20) g;
      INSERT INTO items SELECT g, 1 + g % 20, 'SKU-' || g, g % 50,
                               CASE WHEN g % 5 = 0 THEN NULL ELSE jsonb_build_object('colour', 'c' || g % 3) END,
                               TIMESTAMPTZ '2025-06-01 08:00:00+00' + g * INTERVAL '1 hour'
                        FROM generate_series(1, 3000) g;
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
    # C1
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');

      SET CLUSTER = ingest_postgres;
      """

  @C1 @C2 @C3 @C4 @D
  Scenario: The guide end to end on the writer endpoint
    # C2
    When the Materialize user runs the guide's SQL:
      """sql
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
    # C3
    Then the guide's status query shows every object "running":
      """sql
      WITH
        source_ids AS
        (SELECT id FROM mz_sources WHERE name = 'mz_source')
      SELECT *
      FROM
        mz_internal.mz_source_statuses
          JOIN
            (
              SELECT referenced_object_id
              FROM mz_internal.mz_object_dependencies
              WHERE
                object_id IN (SELECT id FROM source_ids)
              UNION SELECT id FROM source_ids
            )
            AS sources
          ON mz_source_statuses.id = sources.referenced_object_id;
      """
    And the guide's statistics query shows the snapshot committed:
      """sql
      WITH
        source_ids AS
        (SELECT id FROM mz_sources WHERE name = 'mz_source')
      SELECT sources.object_id, bool_and(snapshot_committed) AS snapshot_committed
      FROM
        mz_internal.mz_source_statistics
          JOIN
            (
              SELECT object_id, referenced_object_id
              FROM mz_internal.mz_object_dependencies
              WHERE
                object_id IN (SELECT id FROM source_ids)
              UNION SELECT id, id FROM source_ids
            )
            AS sources
          ON mz_source_statistics.id = sources.referenced_object_id
        GROUP BY sources.object_id;
      """
    When the Materialize user runs the guide's query:
      """sql
      SHOW SOURCES;
      """
    Then the result has the rows:
      | name      | type     | cluster         |
      | mz_source | postgres | ingest_postgres |
    # C4
    When the Materialize user runs the guide's SQL:
      """sql
      ALTER CLUSTER ingest_postgres SET (SIZE '100cc');
      """
    And the Materialize user runs the guide's query:
      """sql
      SHOW CLUSTER REPLICAS WHERE cluster = 'ingest_postgres';
      """
    Then the result has the rows:
      | cluster         | replica | size  | ready |
      | ingest_postgres | r1      | 100cc | t     |
    When the Materialize user runs the guide's query:
      """sql
      SELECT
          d.name AS database_name,
          n.name AS schema_name,
          s.name AS source_name,
          pgs.replication_slot
      FROM
          mz_sources AS s
          JOIN mz_internal.mz_postgres_sources AS pgs ON s.id = pgs.id
          JOIN mz_schemas AS n ON n.id = s.schema_id
          JOIN mz_databases AS d ON d.id = n.database_id;
      """
    Then the guide's "slot_name" is the result's "replication_slot"
    And the upstream replication slot "<slot_name>" is active
    When the admin runs the guide's query:
      """sql
      SELECT
          pg_size_pretty(pg_current_wal_lsn() - confirmed_flush_lsn)
          AS replication_lag_bytes
      FROM pg_replication_slots
      WHERE slot_name = '<slot_name>';
      """
    Then the result has 1 row
    # D
    And "items" in Materialize equals "public.items" upstream
    And "warehouses" in Materialize equals "public.warehouses" upstream
    When the admin runs:
      """sql
      UPDATE items SET quantity = quantity + 10, attributes = attributes || '{"restocked": true}'
       WHERE warehouse_id IN (2, 3);
      DELETE FROM items WHERE quantity = 0;
      INSERT INTO warehouses VALUES (21, 'Reykjavík');
      INSERT INTO items SELECT 5000 + g, 21, 'NEW-' || g, g, NULL, now() FROM generate_series(1, 250) g;
      """
    Then "items" in Materialize equals "public.items" upstream
    And "warehouses" in Materialize equals "public.warehouses" upstream

  @C2
  Scenario: The reader endpoint cannot serve the source
    When the Materialize user tries to run the guide's SQL:
      """sql
      CREATE SECRET pgpass AS '<PASSWORD>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<reader_host>',
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
    Then it fails naming guide step "C2" with "writer endpoint"
