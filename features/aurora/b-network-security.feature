# Guide: "Ingest data from Amazon Aurora", section B (network security), tab "Allow Materialize IPs": the same step as
# for RDS, on the security group of the cluster's instances, which both the writer and the reader endpoint use.
@aurora @B
Feature: Amazon Aurora - B Network security: allow Materialize's egress IPs
  Materialize reaches the cluster's writer endpoint from its static egress IPs only once the cluster's security group
  admits them on the database port.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE items (id int PRIMARY KEY, sku text);
      INSERT INTO items VALUES (1, 'SKU-1');
      """
    And the guide's placeholders:
      | table1 | items  |
      | schema | public |
    And the admin runs the guide's SQL:
      """sql
      ALTER TABLE <table1> REPLICA IDENTITY FULL;
      CREATE PUBLICATION mz_source FOR TABLE <table1>;
      CREATE USER materialize PASSWORD '<password>';
      GRANT rds_replication TO materialize;
      GRANT CONNECT ON DATABASE <dbname> TO materialize;
      GRANT USAGE ON SCHEMA <schema> TO materialize;
      GRANT SELECT ON <table1> TO materialize;
      """

  Scenario: An inbound rule for each egress IP lets Materialize reach the writer endpoint
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the database's security group for each egress IP, on port "<port>"
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

      VALIDATE CONNECTION pg_connection;
      """

  Scenario: Without the rules (B skipped), Materialize cannot reach the writer endpoint
    When the Materialize user tries to run the guide's SQL:
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
    Then it fails naming guide step "B" with "error connecting to server: timed out"
