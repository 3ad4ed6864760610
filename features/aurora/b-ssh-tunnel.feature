# Guide: "Ingest data from Amazon Aurora", section B (network security), tab "Use an SSH tunnel", and the matching
# tab of C2: the same steps as for RDS (an EC2 bastion with a key pair and an Elastic IP, its security group open only
# to Materialize's egress IPs, the cluster's security group open to the bastion's group), with the connection on the
# cluster's writer endpoint. The SQL and the shell lines are the guide's, verbatim, except `PORT 5432` → `PORT <port>`.
# The failure modes are the same as on RDS (features/rds/b-ssh-tunnel.feature covers each); here the one that is
# Aurora's own: the reader endpoint is not reachable through the tunnel either, as it is not a replication source.
@aurora @B @ssh
Feature: Amazon Aurora - B Network security: an SSH bastion
  Materialize reaches the cluster's writer endpoint through an SSH bastion in the cluster's VPC: the bastion admits
  Materialize's egress IPs and Materialize's keys, and the cluster admits the bastion.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE items (id int PRIMARY KEY, sku text);
      INSERT INTO items SELECT g, 'SKU-' || g FROM generate_series(1, 300) g;
      """
    And the guide's placeholders:
      | table1           | items    |
      | schema           | public   |
      | SSH_BASTION_USER | ec2-user |
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
    # B, SSH tab: the bastion with a key pair and an Elastic IP, open to Materialize; the cluster open to the bastion
    And the admin imports an SSH key pair into EC2 as "bastion-admin"
    And the admin launches EC2 instance "mz-bastion" with key pair "bastion-admin" in a new security group "mz-bastion-sg" in the database's VPC
    And the admin associates a new Elastic IP address with the instance
    And the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the bastion's security group for each egress IP, on port "<SSH_BASTION_PORT>"
    And the admin adds an inbound rule to the database's security group for all TCP from the bastion's security group
    # C2, SSH tab: the tunnel and its keys
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CONNECTION ssh_connection TO SSH TUNNEL (
          HOST '<SSH_BASTION_HOST>',
          PORT <SSH_BASTION_PORT>,
          USER '<SSH_BASTION_USER>'
      );
      """
    And the Materialize user runs the guide's query:
      """sql
      SELECT
          mz_connections.name,
          mz_ssh_tunnel_connections.*
      FROM
          mz_connections
      JOIN
          mz_ssh_tunnel_connections USING(id)
      WHERE
          mz_connections.name = 'ssh_connection';
      """
    And the guide's "<public_key_1>" is the result's "public_key_1"
    And the guide's "<public_key_2>" is the result's "public_key_2"
    And the admin logs in to the bastion as "<SSH_BASTION_USER>" and runs:
      """sh
      echo "<public_key_1>" >> ~/.ssh/authorized_keys
      echo "<public_key_2>" >> ~/.ssh/authorized_keys
      """
    And the Materialize user runs the guide's SQL:
      """sql
      VALIDATE CONNECTION ssh_connection;
      """

  @C2
  Scenario: Through the bastion, Materialize ingests the writer endpoint
    When the Materialize user runs the guide's SQL:
      """sql
      CREATE SECRET pgpass AS '<PASSWORD>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<host>',
        PORT <port>,
        USER 'materialize',
        PASSWORD SECRET pgpass,
        DATABASE '<database>',
        SSH TUNNEL ssh_connection
        );
      """
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE SOURCE mz_source
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then "items" in Materialize equals "items" upstream
    When the admin runs:
      """sql
      UPDATE items SET sku = sku || '-v2' WHERE id % 4 = 0;
      DELETE FROM items WHERE id <= 10;
      INSERT INTO items SELECT g, 'new ' || g FROM generate_series(1000, 1050) g;
      """
    Then "items" in Materialize equals "items" upstream

  Scenario: Through the bastion, the reader endpoint still cannot serve the source
    When the Materialize user tries to run the guide's SQL:
      """sql
      CREATE SECRET pgpass AS '<PASSWORD>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<reader_host>',
        PORT <port>,
        USER 'materialize',
        PASSWORD SECRET pgpass,
        DATABASE '<database>',
        SSH TUNNEL ssh_connection
        );
      """
    Then it fails naming guide step "C2" with "writer endpoint"
