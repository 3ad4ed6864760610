# Guide: "Ingest data from Amazon RDS", section C2, run after a step of sections A or C1 was skipped or done only in
# part. Each scenario runs the guide's C2 SQL verbatim (with `PORT <port>` as in c-ingest-and-explore.feature) and
# checks that Materialize refuses it with its own error, and that the runbook names the guide step that fixes it.
@rds @C2
Feature: Amazon RDS - C2 Start ingesting, when an earlier step was skipped
  CREATE SOURCE validates the upstream the way Materialize does: logical replication on, the publication present
  and not empty, the user allowed to replicate and to read each table, REPLICA IDENTITY FULL, and the cluster the
  source runs in. Whatever is missing, the failure names the guide step that fixes it.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And the admin has created the tables:
      """sql
      CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));
      INSERT INTO orders VALUES (1, 10.50), (2, 20.00);
      """
    And the guide's placeholders:
      | table1 | orders |
      | schema | public |
    # B (tab "Allow Materialize IPs"): the database's security group admits Materialize's egress IPs on its port
    And the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the database's security group for each egress IP, on port "<port>"

  Scenario: Logical replication was never enabled (A1 skipped)
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');
      """
    And the Materialize user tries to run the guide's SQL:
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
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then it fails naming guide step "A1" with "server must have wal_level >= logical, but has replica"

  Scenario Outline: Part of A2 was skipped: <what>
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the admin runs:
      """sql
      <a2 as done>
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');
      """
    And the Materialize user tries to run the guide's SQL:
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
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then it fails naming guide step "A2" with "<Materialize says>"

    Examples:
      | what                     | a2 as done                                                                                                                                                                                                                         | Materialize says                                           |
      | no publication           | ALTER TABLE orders REPLICA IDENTITY FULL; CREATE USER materialize PASSWORD '<password>'; GRANT rds_replication TO materialize; GRANT USAGE ON SCHEMA public TO materialize; GRANT SELECT ON orders TO materialize;                   | publication mz_source does not exist                       |
      | no SELECT on the table   | ALTER TABLE orders REPLICA IDENTITY FULL; CREATE PUBLICATION mz_source FOR TABLE orders; CREATE USER materialize PASSWORD '<password>'; GRANT rds_replication TO materialize; GRANT USAGE ON SCHEMA public TO materialize;          | lacks SELECT privileges for tables public.orders           |
      | no rds_replication       | ALTER TABLE orders REPLICA IDENTITY FULL; CREATE PUBLICATION mz_source FOR TABLE orders; CREATE USER materialize PASSWORD '<password>'; GRANT USAGE ON SCHEMA public TO materialize; GRANT SELECT ON orders TO materialize;         | GRANT rds_replication                                      |
      | no REPLICA IDENTITY FULL | CREATE PUBLICATION mz_source FOR TABLE orders; CREATE USER materialize PASSWORD '<password>'; GRANT rds_replication TO materialize; GRANT USAGE ON SCHEMA public TO materialize; GRANT SELECT ON orders TO materialize;              | referenced items not tables with REPLICA IDENTITY FULL     |

  @C1
  Scenario: The cluster was never created (C1 skipped)
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """
    And the Materialize user tries to run the guide's SQL:
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
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then it fails naming guide step "C1" with "unknown cluster 'ingest_postgres'"

  Scenario: A table was left out of the publication (A2 done in part): the missing subsource names A2
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the admin runs:
      """sql
      CREATE TABLE customers (id int PRIMARY KEY, name text);
      ALTER TABLE customers REPLICA IDENTITY FULL;
      """
    And the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON ALL TABLES IN SCHEMA <schema> TO materialize;
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');

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
    And the Materialize user checks that the guide's SHOW SOURCES lists the source and its subsources:
      | name      | type      |
      | mz_source | postgres  |
      | orders    | subsource |
      | customers | subsource |
    Then it fails naming guide step "A2" with "the publication does not include table customers"

  Scenario Outline: The connection's details are wrong: <what>
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');
      """
    And the Materialize user tries to run the guide's SQL:
      """sql
      CREATE SECRET pgpass AS '<secret>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<host>',
        PORT <port>,
        USER 'materialize',
        PASSWORD SECRET pgpass,
        SSL MODE 'require',
        DATABASE '<database name>'
        );
      """
    Then it fails naming guide step "C2" with '<Materialize says>'

    Examples:
      | what                             | secret               | database name | Materialize says                                     |
      | the secret holds another password | not-the-password     | <database>    | password authentication failed for user "materialize" |
      | the connection names no database  | <PASSWORD>           | ordersdb      | database "ordersdb" does not exist                    |

  @C3 @D
  Scenario: The source was never created (C2 skipped): monitoring and exploring name C2
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the Materialize user checks that the guide's status query shows every object "running":
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
    Then it fails naming guide step "C2" with "the source it names does not exist"
    When the Materialize user checks that "orders" in Materialize equals "public.orders" upstream
    Then it fails naming guide step "C2" with "unknown catalog item 'orders'"

  @Considerations
  Scenario: A column type Materialize cannot ingest needs TEXT COLUMNS (guide's considerations, supported types)
    Given logical replication is enabled on the instance with DB parameter group "materialize-logical"
    When the admin runs:
      """sql
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE moods (id int PRIMARY KEY, mood mood, price money);
      INSERT INTO moods VALUES (1, 'ok', 1.50), (2, 'happy', 20), (3, NULL, NULL);
      ALTER TABLE orders REPLICA IDENTITY FULL;
      ALTER TABLE moods REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE orders, moods;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT USAGE ON SCHEMA public TO materialize;
      GRANT SELECT ON orders, moods TO materialize;
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CLUSTER ingest_postgres (SIZE = '50cc');

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
    And the Materialize user tries to run the guide's SQL:
      """sql
      CREATE SOURCE mz_source
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then it fails naming guide step "C2" with "name it in TEXT COLUMNS"
    When the Materialize user runs:
      """sql
      CREATE SOURCE mz_source
        IN CLUSTER ingest_postgres
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source', TEXT COLUMNS (moods.mood, moods.price))
        FOR ALL TABLES;
      """
    Then "moods" in Materialize equals "public.moods" upstream
    When the admin runs:
      """sql
      INSERT INTO moods VALUES (4, 'sad', 3.25);
      UPDATE moods SET mood = 'happy' WHERE id = 1;
      ALTER TYPE mood ADD VALUE 'ecstatic';
      """
    And the admin runs:
      """sql
      INSERT INTO moods VALUES (5, 'ecstatic', 0);
      """
    Then "moods" in Materialize equals "public.moods" upstream
    And "orders" in Materialize equals "public.orders" upstream
    And the status of "moods" stays "running"
