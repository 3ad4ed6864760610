# Guide: "Ingest data from Amazon Aurora", section B (network security), tab "AWS PrivateLink", and the matching tab
# of C2: the same steps as for RDS, with the cluster's writer endpoint's address as the target (the guide's warning
# that this address can change without notice applies all the more to Aurora, whose writer moves on failover). The
# refusals (principal not allowed, connection not accepted, load balancer not admitted, zone names) are the same as
# on RDS, where features/rds/b-privatelink.feature proves each; here the one that is the instance's: the load
# balancer not admitted by the cluster's security group.
@aurora @B @privatelink
Feature: Amazon Aurora - B Network security: AWS PrivateLink
  Materialize reaches the cluster's writer through a VPC endpoint service in front of a network load balancer whose
  target is the writer's address.

  Background:
    Given an Aurora PostgreSQL cluster "inventory"
    And logical replication is enabled on the cluster with DB cluster parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE items (id int PRIMARY KEY, sku text);
      INSERT INTO items SELECT g, 'SKU-' || g FROM generate_series(1, 300) g;
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
    # B, PrivateLink tab: target group (the writer endpoint's address), load balancer, endpoint service
    And the admin looks up the IP address the database's endpoint resolves to
    And the admin creates target group "mz-aurora-tg" of type ip for TCP port "<port>" in the database's VPC, with the database's IP address as its target
    And the admin creates network load balancer "mz-aurora-nlb" in the database's VPC subnets, with a TCP listener on port "<port>" forwarding to the target group
    And the admin creates a VPC endpoint service for the load balancer, with acceptance required

  @C2
  Scenario: Through the endpoint service, Materialize validates the connection and ingests the writer
    When the admin adds an inbound rule to the database's security group for the load balancer's VPC CIDR, on port "<port>"
    Then the target group reports the database's IP address healthy
    # C2, PrivateLink tab
    When the Materialize user runs the guide's SQL:
      """sql
      CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
        SERVICE NAME 'com.amazonaws.vpce.<region_id>.vpce-svc-<endpoint_service_id>',
        AVAILABILITY ZONES (<availability_zone_ids>)
      );
      """
    And the Materialize user runs the guide's query:
      """sql
      SELECT principal
      FROM mz_aws_privatelink_connections plc
      JOIN mz_connections c ON plc.id = c.id
      WHERE c.name = 'privatelink_svc';
      """
    And the guide's "<principal>" is the result's "principal"
    And the admin allows the principal "<principal>" on the endpoint service
    And the admin accepts the endpoint connection request
    And the Materialize user runs the guide's SQL:
      """sql
      VALIDATE CONNECTION privatelink_svc;
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
        AWS PRIVATELINK privatelink_svc
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

  Scenario: The instance's security group does not admit the load balancer: its health checks fail
    When the admin checks that the target group reports the database's IP address healthy
    Then it fails naming guide step "B" with "must admit the load balancer"
