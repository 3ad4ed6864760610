# Guide: "Ingest data from Amazon RDS", section "Considerations" (shared-content/postgres-considerations.md and the
# newest "Handling upstream operations"): what happens to a running source when the upstream changes. The emulator
# follows the newest behaviour: only the affected table errors, not the whole source.
@rds @Considerations
Feature: Amazon RDS - Considerations: upstream changes while Materialize ingests
  A running source tolerates a new upstream column (it is not ingested), puts a table into an error state on an
  incompatible schema change or a TRUNCATE while its other tables keep running, and gives its replication slot back
  when it is dropped.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2));
      INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g;
      INSERT INTO orders SELECT g, 1 + g % 50, g * 0.5 FROM generate_series(1, 500) g;
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
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    And "orders" in Materialize equals "public.orders" upstream

  Scenario: Adding a column upstream is tolerated; the new column is not ingested
    When the admin runs:
      """sql
      ALTER TABLE orders ADD COLUMN coupon text;
      INSERT INTO orders VALUES (501, 1, 9.99, 'WELCOME');
      UPDATE orders SET amount = 0, coupon = 'FREE' WHERE id = 1;
      """
    Then "orders" in Materialize equals "public.orders" upstream
    And the status of "orders" stays "running"
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM orders WHERE id = 501;
      """
    Then the result has the rows:
      | id  | customer_id | amount |
      | 501 | 1           | 9.99   |

  Scenario: Dropping an ingested column upstream puts that table in an error state
    When the admin runs:
      """sql
      ALTER TABLE orders DROP COLUMN amount;
      INSERT INTO orders VALUES (501, 1);
      """
    Then the status of "orders" becomes "ceased" with an error containing "incompatible schema change"
    And reading "orders" in Materialize fails with "source must be dropped and recreated due to failure"
    And the status of "customers" stays "running"
    When the admin runs:
      """sql
      INSERT INTO customers VALUES (51, 'still replicated');
      """
    Then "customers" in Materialize equals "public.customers" upstream
    # the guide's fix: drop the subsource and add it back, which snapshots the table in its new shape
    When the Materialize user runs:
      """sql
      DROP SOURCE orders;
      ALTER SOURCE mz_source ADD SUBSOURCE orders;
      """
    Then "orders" in Materialize equals "public.orders" upstream
    And the status of "orders" stays "running"

  # The guide's own fix, written for the Materialize of its time (before v0.98): ALTER SOURCE ... DROP SUBSOURCE.
  @materialize-v0.97
  Scenario: In the guide's era, a subsource is dropped with ALTER SOURCE ... DROP SUBSOURCE
    When the admin runs:
      """sql
      ALTER TABLE orders DROP COLUMN amount;
      INSERT INTO orders VALUES (501, 1);
      """
    Then the status of "orders" becomes "ceased" with an error containing "incompatible schema change"
    When the Materialize user tries to run:
      """sql
      DROP SOURCE orders;
      """
    Then Materialize refuses it with 'SOURCE "orders" is a subsource and must be dropped with ALTER SOURCE...DROP SUBSOURCE'
    When the Materialize user runs the guide's SQL:
      """sql
      ALTER SOURCE mz_source DROP SUBSOURCE orders;
      ALTER SOURCE mz_source ADD SUBSOURCE orders;
      """
    Then "orders" in Materialize equals "public.orders" upstream
    And the status of "orders" stays "running"
    When the Materialize user runs the guide's query:
      """sql
      SELECT mz_version();
      """
    Then the result has the rows:
      | mz_version         |
      | v0.97.0 (sandbox)  |

  # Today's Materialize (v0.98 and later): a source with subsources needs CASCADE; in the guide's era it did not.
  Scenario: Today, dropping a source that has subsources needs CASCADE
    When the Materialize user tries to run:
      """sql
      DROP SOURCE mz_source;
      """
    Then Materialize refuses it with 'cannot drop source "mz_source": still depended upon by'

  @materialize-v0.97
  Scenario: In the guide's era, dropping a source drops its subsources and gives its slot back
    When the Materialize user runs the guide's query:
      """sql
      SELECT s.name, pgs.replication_slot FROM mz_sources AS s JOIN mz_internal.mz_postgres_sources AS pgs ON s.id = pgs.id;
      """
    And the guide's "slot_name" is the result's "replication_slot"
    When the Materialize user runs:
      """sql
      DROP SOURCE mz_source;
      """
    Then the upstream replication slot "<slot_name>" is gone
    When the Materialize user runs the guide's query:
      """sql
      SELECT count(*) AS sources FROM mz_sources WHERE name IN ('mz_source', 'orders', 'customers');
      """
    Then the result has the rows:
      | sources |
      | 0       |

  Scenario: ALTER SOURCE ... ADD SUBSOURCE brings in a table added to the publication
    When the admin runs:
      """sql
      CREATE TABLE refunds (id int PRIMARY KEY, order_id int, amount numeric(10,2));
      ALTER TABLE refunds REPLICA IDENTITY FULL;
      GRANT SELECT ON refunds TO materialize;
      ALTER PUBLICATION mz_source ADD TABLE refunds;
      INSERT INTO refunds SELECT g, g, 1.5 FROM generate_series(1, 40) g;
      """
    And the Materialize user runs:
      """sql
      ALTER SOURCE mz_source ADD SUBSOURCE refunds;
      """
    Then "refunds" in Materialize equals "public.refunds" upstream
    When the admin runs:
      """sql
      UPDATE refunds SET amount = 3 WHERE id <= 10;
      INSERT INTO refunds VALUES (41, 41, 9.99);
      INSERT INTO orders VALUES (501, 1, 2.5);
      """
    Then "refunds" in Materialize equals "public.refunds" upstream
    And "orders" in Materialize equals "public.orders" upstream

  Scenario: TRUNCATE upstream errors the truncated table, and the guide's DELETE is the way to empty one
    When the admin runs:
      """sql
      DELETE FROM customers;
      """
    Then "customers" in Materialize equals "public.customers" upstream
    When the admin runs:
      """sql
      TRUNCATE orders;
      """
    Then the status of "orders" becomes "stalled" with an error containing "table was truncated"
    And reading "orders" in Materialize fails with "table was truncated"
    And the status of "customers" stays "running"

  Scenario: Dropping the source gives its replication slot back upstream
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
