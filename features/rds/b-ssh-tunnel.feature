# Guide: "Ingest data from Amazon RDS", section B (network security), tab "Use an SSH tunnel", and the matching tab
# of C2: launch an EC2 instance as the SSH bastion (a key pair, its username, an Elastic IP rather than the
# auto-assigned public IP, which can change), let its security group admit only Materialize's egress IPs, add an
# inbound rule to the instance's security group for the bastion's security group (Type "All TCP"), then in
# Materialize create the SSH TUNNEL connection, put its two public keys into the bastion's authorized_keys, validate
# it, and create the PostgreSQL connection through it. The SQL and the shell lines are the guide's, verbatim, except
# `PORT 5432` → `PORT <port>` (sandbox servers listen on free ports).
#
# The sandbox bastion is a real SSH server (Apache MINA SSHD) on the instance's public address; it admits only keys
# in the user's authorized_keys, forwards Materialize's connections from the instance's private IP, and its security
# group drops other clients the way AWS does. Its SSH port is a free port, not 22 (the sandbox is not root).
@rds @B @ssh
Feature: Amazon RDS - B Network security: an SSH bastion
  Materialize reaches an instance it cannot reach directly through an SSH bastion in the instance's VPC: the
  bastion admits Materialize's egress IPs and Materialize's keys, and the instance admits the bastion.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));
      INSERT INTO orders SELECT g, g * 1.25 FROM generate_series(1, 500) g;
      """
    And the guide's placeholders:
      | table1           | orders   |
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
    # B, SSH tab, step 1: the bastion, with a key pair and an Elastic IP
    And the admin imports an SSH key pair into EC2 as "bastion-admin"
    And the admin launches EC2 instance "mz-bastion" with key pair "bastion-admin" in a new security group "mz-bastion-sg" in the database's VPC
    And the admin associates a new Elastic IP address with the instance

  @C2
  Scenario: Through the bastion, Materialize validates the tunnel and ingests the instance
    # B, step 2: the bastion's security group admits only Materialize's egress IPs
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the bastion's security group for each egress IP, on port "<SSH_BASTION_PORT>"
    # B, step 3: the instance's security group admits the bastion's security group
    And the admin adds an inbound rule to the database's security group for all TCP from the bastion's security group
    # C2, SSH tab
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
    And the Materialize user runs the guide's SQL:
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
    Then "orders" in Materialize equals "orders" upstream
    When the admin runs:
      """sql
      UPDATE orders SET amount = amount + 1 WHERE id % 3 = 0;
      DELETE FROM orders WHERE id > 450;
      INSERT INTO orders SELECT g, g FROM generate_series(1000, 1100) g;
      """
    Then "orders" in Materialize equals "orders" upstream

  Scenario: Materialize's keys not in authorized_keys: the tunnel is refused
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the bastion's security group for each egress IP, on port "<SSH_BASTION_PORT>"
    And the admin adds an inbound rule to the database's security group for all TCP from the bastion's security group
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CONNECTION ssh_connection TO SSH TUNNEL (
          HOST '<SSH_BASTION_HOST>',
          PORT <SSH_BASTION_PORT>,
          USER '<SSH_BASTION_USER>'
      );
      """
    And the Materialize user tries to run the guide's SQL:
      """sql
      VALIDATE CONNECTION ssh_connection;
      """
    Then it fails naming guide step "B" with "authorized_keys"

  # The guide's text says to give these rules "Type PostgreSQL" (port 5432); Materialize reaches the bastion on its
  # SSH port, so a rule on the PostgreSQL port leaves the bastion closed to it.
  Scenario: The bastion's security group admits Materialize on the PostgreSQL port, not SSH: the tunnel times out
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the bastion's security group for each egress IP, on port "<port>"
    And the admin adds an inbound rule to the database's security group for all TCP from the bastion's security group
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CONNECTION ssh_connection TO SSH TUNNEL (
          HOST '<SSH_BASTION_HOST>',
          PORT <SSH_BASTION_PORT>,
          USER '<SSH_BASTION_USER>'
      );
      """
    And the Materialize user tries to run the guide's SQL:
      """sql
      VALIDATE CONNECTION ssh_connection;
      """
    Then it fails naming guide step "B" with "timed out"

  Scenario: The instance's security group does not admit the bastion: the database behind the tunnel times out
    When the Materialize user runs the guide's query:
      """sql
      SELECT * FROM mz_egress_ips;
      """
    And the admin adds an inbound rule to the bastion's security group for each egress IP, on port "<SSH_BASTION_PORT>"
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
      SELECT mz_ssh_tunnel_connections.* FROM mz_connections JOIN mz_ssh_tunnel_connections USING(id)
      WHERE mz_connections.name = 'ssh_connection';
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
    And the Materialize user tries to run the guide's SQL:
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
    Then it fails naming guide step "B" with "timed out"
