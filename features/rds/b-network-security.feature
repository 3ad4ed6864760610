# Guide: "Ingest data from Amazon RDS", section B (network security), tab "Allow Materialize IPs": find
# Materialize's static egress IPs with SELECT * FROM mz_egress_ips, and add an inbound rule for each to the
# instance's security group on the database port. The sandbox's instance security group admits only the admin's
# workstation until then, and drops other clients the way AWS does (they time out).
@rds @B
Feature: Amazon RDS - B Network security: allow Materialize's egress IPs
  Materialize connects to the instance from its own static egress IPs; the instance's security group must admit
  them on the database port, or Materialize cannot reach the database at all.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));
      INSERT INTO orders VALUES (1, 10.50), (2, 20.00);
      """
    And the guide's placeholders:
      | table1 | orders |
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

  Scenario: An inbound rule for each egress IP lets Materialize connect
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    Then the result has 1 row
    When the admin adds an inbound rule to the database's security group for each egress IP, on port "<port>"
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

  Scenario: Without the rules (B skipped), Materialize cannot reach the database
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
