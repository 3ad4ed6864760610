# Guide: "Ingest data from Amazon RDS", sections C1-C4 and D (shortcodes postgres-direct/create-a-cluster variant
# '50cc', check-the-ingestion-status variant 2, right-size-the-cluster newest variant), on the "prototyping, publicly
# accessible" path: no network step. The doc strings hold the guide's SQL verbatim, with two exceptions marked
# below: the guide's `PORT 5432` is `PORT <port>` (sandbox servers listen on free ports) and the sandbox has no TLS,
# so `SSL MODE 'require'` is accepted but the sandbox connects in plain text.
@rds
Feature: Amazon RDS - C Start ingesting into Materialize, D explore the data
  With logical replication enabled (A1) and a publication and replication user in place (A2), Materialize gets a
  cluster (C1), a secret, a connection and a source (C2); the runbook waits the way the guide tells a reader to (C3),
  right-sizes the cluster and finds the source's replication slot upstream (C4), and checks that each replicated
  table equals its upstream table, after the snapshot and after a burst of changes (D).

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, since date);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, amount numeric(10,2),
                           placed_at timestamptz DEFAULT now(), note text);
      INSERT INTO customers SELECT g, 'customer ' || g, DATE '2024-01-01' + g FROM generate_series(1, 200) g;
      INSERT INTO orders SELECT g, 1 + g % 200, g * 1.25, TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * INTERVAL '1 minute',
                                CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ''' || g || '''' END
                         FROM generate_series(1, 2000) g;
      """
    And the guide's placeholders:
      | table1 | orders    |
      | table2 | customers |
      | schema | public    |
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

  @C1 @C2 @C3 @C4 @D
  Scenario: The guide end to end: cluster, source, status, right-size, and replicas equal to their upstream tables
    # C1
    When the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');

      SET CLUSTER = ingest_postgres;
      """
    # C2
    And the Materialize user runs the guide's SQL:
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
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE SOURCE mz_source
        IN CLUSTER ingest_postgres
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
    When the Materialize user runs the guide's query:
      """sql
      SHOW SOURCES;
      """
    Then SHOW SOURCES lists the source and its subsources:
      | name      | type      |
      | mz_source | postgres  |
      | orders    | subsource |
      | customers | subsource |
    And "orders" in Materialize equals "public.orders" upstream
    And "customers" in Materialize equals "public.customers" upstream
    # D, next steps: a materialized view over the replicas, which Materialize keeps up to date
    When the Materialize user runs:
      """sql
      CREATE MATERIALIZED VIEW customer_totals AS
        SELECT c.id, c.name, count(o.id) AS orders, sum(o.amount) AS total
        FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
        GROUP BY c.id, c.name;
      CREATE INDEX customer_totals_idx ON customer_totals (id);
      """
    When the admin runs:
      """sql
      INSERT INTO customers SELECT g, 'late ' || g, NULL FROM generate_series(201, 260) g;
      UPDATE orders SET amount = amount * 2, note = 'doubled' WHERE id % 10 = 0;
      DELETE FROM orders WHERE id % 13 = 0;
      INSERT INTO orders (id, customer_id, amount) SELECT 3000 + g, 201 + g % 60, g FROM generate_series(1, 300) g;
      BEGIN;
      UPDATE customers SET name = name || ' (vip)' WHERE id <= 20;
      DELETE FROM orders WHERE customer_id <= 5;
      COMMIT;
      """
    Then "orders" in Materialize equals "public.orders" upstream
    And "customers" in Materialize equals "public.customers" upstream
    And "customer_totals" in Materialize equals the upstream query:
      """sql
      SELECT c.id, c.name, count(o.id) AS orders, sum(o.amount) AS total
      FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
      GROUP BY c.id, c.name;
      """
