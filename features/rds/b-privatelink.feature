# Guide: "Ingest data from Amazon RDS", section B (network security), tab "AWS PrivateLink", and the matching tab of
# C2: get the instance's IP address (dig +short), put it in an ip target group (TCP, the database port) in the
# instance's VPC, create a network load balancer in the instance's subnets with a TCP listener forwarding to it,
# allow the load balancer in the instance's security group (its VPC CIDR: client IP preservation is off for ip
# targets), create a VPC endpoint service for the load balancer, check the targets are healthy; then in Materialize
# create the AWS PRIVATELINK connection (zone ids of the load balancer), read its principal, allow that principal on
# the endpoint service, accept the endpoint connection, validate, and create the PostgreSQL connection through it.
# The SQL is the guide's, verbatim, except `PORT 5432` → `PORT <port>` and the example zone list → the load
# balancer's zone ids (`<availability_zone_ids>`, which the guide tells readers to use).
#
# The sandbox's load balancer is a real TCP forwarder with real health checks from its private IPs; Materialize's
# endpoint exists only once the service's owner allows its principal, and carries traffic only once accepted.
@rds @B @privatelink
Feature: Amazon RDS - B Network security: AWS PrivateLink
  Materialize reaches an instance that is not publicly accessible through a VPC endpoint service in front of a
  network load balancer whose target is the instance.

  Background:
    Given an RDS for PostgreSQL instance "orders-db"
    And logical replication is enabled on the instance with DB parameter group "materialize-logical"
    And the admin has created the tables:
      """sql
      CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));
      INSERT INTO orders SELECT g, g * 1.25 FROM generate_series(1, 500) g;
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
    # B, PrivateLink tab: target group, load balancer, endpoint service
    And the admin looks up the IP address the database's endpoint resolves to
    And the admin creates target group "mz-rds-tg" of type ip for TCP port "<port>" in the database's VPC, with the database's IP address as its target
    And the admin creates network load balancer "mz-rds-nlb" in the database's VPC subnets, with a TCP listener on port "<port>" forwarding to the target group
    And the admin creates a VPC endpoint service for the load balancer, with acceptance required

  @C2
  Scenario: Through the endpoint service, Materialize validates the connection and ingests the instance
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
    Then "orders" in Materialize equals "orders" upstream
    When the admin runs:
      """sql
      UPDATE orders SET amount = amount + 1 WHERE id % 3 = 0;
      DELETE FROM orders WHERE id > 450;
      INSERT INTO orders SELECT g, g FROM generate_series(1000, 1100) g;
      """
    Then "orders" in Materialize equals "orders" upstream

  Scenario: The principal is never allowed: AWS hides the endpoint service from Materialize
    When the admin adds an inbound rule to the database's security group for the load balancer's VPC CIDR, on port "<port>"
    And the Materialize user runs the guide's SQL:
      """sql
      CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
        SERVICE NAME 'com.amazonaws.vpce.<region_id>.vpce-svc-<endpoint_service_id>',
        AVAILABILITY ZONES (<availability_zone_ids>)
      );
      """
    And the Materialize user tries to run the guide's SQL:
      """sql
      VALIDATE CONNECTION privatelink_svc;
      """
    Then it fails naming guide step "B" with "does not exist"

  Scenario: The endpoint connection is never accepted: Materialize's endpoint waits
    When the admin adds an inbound rule to the database's security group for the load balancer's VPC CIDR, on port "<port>"
    And the Materialize user runs the guide's SQL:
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
    And the endpoint service lists a connection request waiting for acceptance
    And the Materialize user tries to run the guide's SQL:
      """sql
      VALIDATE CONNECTION privatelink_svc;
      """
    Then it fails naming guide step "B" with "pendingAcceptance"

  Scenario: The instance's security group does not admit the load balancer: its health checks fail
    When the admin checks that the target group reports the database's IP address healthy
    Then it fails naming guide step "B" with "must admit the load balancer"

  Scenario: Availability zone names instead of ids are refused
    When the Materialize user tries to run the guide's SQL:
      """sql
      CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
        SERVICE NAME 'com.amazonaws.vpce.<region_id>.vpce-svc-<endpoint_service_id>',
        AVAILABILITY ZONES ('us-east-1a', 'us-east-1b')
      );
      """
    Then it fails naming guide step "B" with "invalid AWS PrivateLink availability zone"

  # The guide's warning: "The IP address of your RDS instance can change without notice", and its advice to keep the
  # target group on the instance's current address.
  Scenario: The instance's IP address changes: the target goes unhealthy and ingestion stops until the target group follows
    When the admin adds an inbound rule to the database's security group for the load balancer's VPC CIDR, on port "<port>"
    Then the target group reports the database's IP address healthy
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
      CREATE SECRET pgpass AS '<PASSWORD>';

      CREATE CONNECTION pg_connection TO POSTGRES (
        HOST '<host>',
        PORT <port>,
        USER 'materialize',
        PASSWORD SECRET pgpass,
        DATABASE '<database>',
        AWS PRIVATELINK privatelink_svc
        );

      CREATE SOURCE mz_source
        FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source')
        FOR ALL TABLES;
      """
    Then "orders" in Materialize equals "orders" upstream
    When the instance's IP address changes, as the guide warns AWS may do without notice
    Then the status of "mz_source" becomes "stalled" with an error containing "postgres"
    When the admin checks that the target group reports the database's IP address healthy
    Then it fails naming guide step "B" with "the target must be the database's current IP address"
    When the admin looks up the IP address the database's endpoint resolves to
    And the admin registers that address in the target group in place of the old one
    Then the target group reports the database's IP address healthy
    When the admin runs:
      """sql
      INSERT INTO orders SELECT g, g FROM generate_series(2000, 2050) g;
      """
    Then "orders" in Materialize equals "orders" upstream
